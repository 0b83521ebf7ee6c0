//! Duplicate articles (issue 15): exact copies and near duplicates.
