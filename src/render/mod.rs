//! Renderers: the Evaluation model → JSON and HTML. Renderers format; they never calculate.

pub(crate) mod html;
pub(crate) mod json;
