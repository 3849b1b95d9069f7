//! Did-you-mean suggestions for misspelt words (keywords, profile names).
//!
//! Ground floor: imports nothing of ours, so that `syntax` (keywords) and `policy` (profile
//! names) can both use it.

/// The closest word to `word` among `candidates`, if it is close enough to be a likely typo
/// (edit distance at most 1 for short words, 2 for longer ones, counted in characters).
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    // One character is too little to guess from (`人` is one edit from `★`).
    if length < 2 {
        return None;
    }
    let limit = if length <= 4 { 1 } else { 2 };
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if candidates.contains(&word) {
        return None;
    }
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance in characters. Hand-rolled: a dozen lines, and the crates that offer it
/// (strsim) would be a dependency for one function.
fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (i, left_char) in left.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, right_char) in right.iter().enumerate() {
            let substitution = previous[j] + usize::from(left_char != *right_char);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[right.len()]
}
