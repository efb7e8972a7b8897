-- What the peer serves: the thads tables of the same database, seen through a schema of its own
-- (`peer`) as a PostGraphile user would set them up for aggregates: the rows of the current
-- reports flattened with their period, form, office, province and case group, and the units
-- for their names. Views only: nothing is copied, every query reads the same tables thads reads.
CREATE SCHEMA IF NOT EXISTS peer;

CREATE OR REPLACE VIEW peer.current_rows AS
SELECT r.year, r.months, r.form, r.unit_id, u.parent_id AS province_id,
       rr.case_type_id, ct.parent_id AS case_group_id,
       rr.total_accepted, rr.carried_over, rr.newly_accepted, rr.entrusted, rr.withdrawn,
       rr.to_enforce, rr.enforceable, rr.completed, rr.dismissed, rr.reduced, rr.in_progress,
       rr.postponed, rr.suspended, rr.other, rr.not_enforceable, rr.carried_forward
FROM public.report_rows rr
JOIN public.reports r ON r.id = rr.report_id AND r.is_current
JOIN public.units u ON u.id = r.unit_id
JOIN public.case_types ct ON ct.id = rr.case_type_id;

CREATE OR REPLACE VIEW peer.units AS
SELECT id, code, name, level, parent_id FROM public.units;

CREATE OR REPLACE VIEW peer.case_types AS
SELECT id, code, name, parent_id FROM public.case_types;
