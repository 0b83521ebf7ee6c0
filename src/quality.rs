//! Quality flags of an article (issue 15).
