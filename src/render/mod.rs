//! Renderers: the Evaluation model → JSON and HTML. Renderers format; they never calculate.

pub mod html;
pub mod json;
