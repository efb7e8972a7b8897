//! The words of the summary text, kept as data: a Fluent file (`templates/vi.ftl`) built into
//! the program, or one a province wrote, read at run time, so that the wording can change
//! without a rebuild. A template is checked when it is read: every message the text uses must
//! be there.

use crate::error::ReportError;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use std::path::Path;

/// The template built into the program.
const BUILT_IN: &str = include_str!("../templates/vi.ftl");

/// Every message the summary text uses.
const MESSAGES: [&str; 17] = [
    "opening",
    "cases",
    "money",
    "no-rate",
    "target",
    "no-target",
    "previous-year",
    "no-previous-year",
    "summary",
    "lowest",
    "lowest-office",
    "no-office-rate",
    "missing",
    "missing-office",
    "all-reported",
    "approved",
    "provisional",
];

/// The words of the summary text.
pub struct Template {
    bundle: FluentBundle<FluentResource>,
}

impl Template {
    /// The template built into the program.
    pub fn built_in() -> Result<Self, ReportError> {
        Self::parse(BUILT_IN.to_owned())
    }

    /// A template read from a file.
    pub fn from_file(path: &Path) -> Result<Self, ReportError> {
        let source = std::fs::read_to_string(path)
            .map_err(|e| ReportError::Template(format!("{}: {e}", path.display())))?;
        Self::parse(source).map_err(|e| match e {
            ReportError::Template(why) => {
                ReportError::Template(format!("{}: {why}", path.display()))
            }
            other => other,
        })
    }

    /// A template from its Fluent source; it must hold every message the text uses.
    pub fn parse(source: String) -> Result<Self, ReportError> {
        let resource = FluentResource::try_new(source).map_err(|(_, errors)| {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            ReportError::Template(errors.join("; "))
        })?;
        let mut bundle = FluentBundle::default();
        // Figures and names are plain text; no bidirectional isolation marks around them.
        bundle.set_use_isolating(false);
        bundle.add_resource(resource).map_err(|errors| {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            ReportError::Template(errors.join("; "))
        })?;
        let absent: Vec<&str> = MESSAGES
            .into_iter()
            .filter(|id| bundle.get_message(id).and_then(|m| m.value()).is_none())
            .collect();
        if !absent.is_empty() {
            return Err(ReportError::Template(format!(
                "thiếu / missing: {}",
                absent.join(", ")
            )));
        }
        Ok(Self { bundle })
    }

    /// A message with its variables; a variable the message uses but is not given, or any
    /// other error of the template, is [`ReportError::Template`].
    pub(crate) fn format(&self, id: &str, args: &[(&str, &str)]) -> Result<String, ReportError> {
        let pattern = self
            .bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| ReportError::Template(format!("thiếu / missing: {id}")))?;
        let mut fluent_args = FluentArgs::new();
        for &(name, value) in args {
            fluent_args.set(name, value);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(ReportError::Template(format!(
                "{id}: {}",
                errors.join("; ")
            )));
        }
        Ok(text.into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_template_holds_every_message() {
        assert!(Template::built_in().is_ok());
    }

    #[test]
    fn a_template_without_a_message_is_refused_naming_it() {
        let Err(ReportError::Template(why)) = Template::parse("opening = Kỳ { $period }\n".into())
        else {
            panic!("a template without most messages was accepted");
        };
        assert!(why.contains("summary"), "{why}");
    }

    #[test]
    fn a_variable_not_given_is_an_error_not_a_silent_gap() {
        let template = Template::built_in().unwrap();
        assert!(matches!(
            template.format("no-target", &[]),
            Ok(text) if text == "chưa có chỉ tiêu được giao"
        ));
        assert!(matches!(
            template.format("no-previous-year", &[]),
            Err(ReportError::Template(_))
        ));
    }
}
