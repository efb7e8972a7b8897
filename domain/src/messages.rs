//! The messages of problems, kept as data: one Fluent file per language
//! (`messages/vi.ftl`, `messages/en.ftl`), built into the program. A message's id is its
//! problem's code (`not_a_number`); a warning said once for many rows of a sheet uses
//! `<code>-rows`. Arguments arrive already written in the language (see [`crate::problem_args`]).

use crate::lang::Lang;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

/// The Vietnamese messages.
const VI: &str = include_str!("../messages/vi.ftl");
/// The English messages.
const EN: &str = include_str!("../messages/en.ftl");

thread_local! {
    /// The bundles, parsed once per thread (a bundle is not `Sync`).
    static BUNDLES: [Option<FluentBundle<FluentResource>>; 2] = [bundle(VI), bundle(EN)];
}

fn bundle(source: &str) -> Option<FluentBundle<FluentResource>> {
    let resource = FluentResource::try_new(source.to_owned()).ok()?;
    let mut bundle = FluentBundle::default();
    // Names and figures are plain text; no bidirectional isolation marks around them.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).ok()?;
    Some(bundle)
}

/// The message `id` in `lang` with its arguments, or why it cannot be written (no such
/// message, an argument it uses and was not given, a file that does not parse).
pub fn render(id: &str, args: &[(&str, String)], lang: Lang) -> Result<String, String> {
    BUNDLES.with(|bundles| {
        let index = match lang {
            Lang::Vi => 0,
            Lang::En => 1,
        };
        let bundle = bundles[index]
            .as_ref()
            .ok_or_else(|| format!("messages/{}.ftl does not parse", lang.as_str()))?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message {id} in {}", lang.as_str()))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.as_str());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            Err(format!("{id} ({}): {}", lang.as_str(), errors.join("; ")))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_files_parse() {
        assert!(BUNDLES.with(|b| b.iter().all(Option::is_some)));
    }

    /// The ids of the messages of a file.
    fn ids(source: &str) -> std::collections::BTreeSet<String> {
        source
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.to_owned()))
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        assert_eq!(ids(VI), ids(EN));
    }

    #[test]
    fn every_code_has_its_messages_in_both_languages_with_every_placeholder_filled() {
        use crate::problem::Problem;
        use crate::problem_code::ProblemCode;
        use strum::IntoEnumIterator;
        for code in ProblemCode::iter() {
            let mut problem = Problem::error(code);
            for name in code.arg_names() {
                problem = problem.arg(name, format!("<{name}>"));
            }
            let mut shapes = vec![problem.clone()];
            if code.groups_by_sheet() {
                let mut grouped = problem.clone();
                grouped.cells = vec!["F10".into(), "F11".into(), "F12".into(), "F13".into()];
                shapes.push(grouped);
            }
            for (i, shape) in shapes.into_iter().enumerate() {
                for lang in Lang::ALL {
                    let text = shape
                        .try_message(lang)
                        .unwrap_or_else(|e| panic!("{code} in {}: {e}", lang.as_str()));
                    assert!(!text.contains('{') && !text.contains('}'), "{code}: {text}");
                    assert!(!text.trim().is_empty(), "{code}");
                    // A warning said for many rows names its count and cells instead.
                    let names = if i == 0 { code.arg_names() } else { &[] };
                    for name in names {
                        assert!(
                            text.contains(&format!("<{name}>"))
                                || matches!(
                                    *name,
                                    "reason" | "change" | "what" | "why" | "instead" | "hidden"
                                ),
                            "{code} in {} does not say {name}: {text}",
                            lang.as_str()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_argument_left_out_is_an_error() {
        assert!(render("not_a_number", &[], Lang::Vi).is_err());
        assert!(render("no_such_message", &[], Lang::En).is_err());
    }
}
