//! What checking needs besides the file: the templates of the forms and the unit registry,
//! prepared once per batch and shared by every thread.

use crate::template::{Template, TemplateError};
use crate::units::UnitIndex;
use thads_domain::UnitRecord;

/// The templates and the indexed unit registry. Built once per batch; `Send + Sync`, so one
/// context serves every thread.
#[derive(Debug, Clone)]
pub struct CheckContext {
    /// The templates sheets are recognised and read with.
    pub(crate) templates: Vec<Template>,
    /// Why the shipped templates could not be read; every check then reports it.
    pub(crate) template_error: Option<TemplateError>,
    /// The offices that may report, by name.
    pub(crate) units: UnitIndex,
}

impl CheckContext {
    /// A context with the shipped templates (Mẫu số 01/TK-THA and 02/TK-THA) and the given
    /// units; only offices are matched against "Đơn vị báo cáo".
    pub fn new(units: Vec<UnitRecord>) -> Self {
        let (templates, template_error) = match Template::defaults() {
            Ok(t) => (t, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        Self {
            templates,
            template_error,
            units: UnitIndex::new(&units),
        }
    }

    /// A context with other templates, e.g. another version of a form read with
    /// [`Template::from_toml`].
    pub fn with_templates(units: Vec<UnitRecord>, templates: Vec<Template>) -> Self {
        Self {
            templates,
            template_error: None,
            units: UnitIndex::new(&units),
        }
    }

    /// The templates sheets are recognised and read with.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<CheckContext>();
        let ctx = CheckContext::new(Vec::new());
        assert!(ctx.template_error.is_none());
        assert_eq!(ctx.templates().len(), 2);
    }
}
