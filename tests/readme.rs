//! The README lists every key of the reader, as the keymap defines it.

#[test]
fn readme_lists_every_key() {
    let readme = include_str!("../README.md");
    for (keys, help) in newsdump::ui::help_lines() {
        // A `|` in a cell, even in code, ends it unless escaped.
        let keys = keys.replace('|', "\\|");
        let row = format!("| `{}` | {} |", keys.replace(' ', "` `"), help);
        assert!(readme.contains(&row), "README.md lacks the row:\n{row}");
    }
}
