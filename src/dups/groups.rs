//! Groups of duplicates: the articles joined by confirmed pairs, directly
//! or through each other (union-find), each group led by its first member —
//! the earliest article, then the first in position.
//!
//! What is kept is small, since it stays for as long as the corpus is open:
//! 4 bytes an article (its group), and 6 for each article in a group (the
//! group's list of members and each one's similarity to the first).

use super::Params;
use super::confirm::measure;

/// Articles grouped with their duplicates. A group is named by its first
/// member's number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// For each article, its group's first member, or `NONE`.
    first: Vec<u32>,
    /// The articles in groups, group by group in the order of the groups'
    /// names, each group in order (first member first).
    members: Vec<u32>,
    /// Beside `members`: each one's similarity to its group's first member,
    /// scaled by `SCALE`, or `UNKNOWN`.
    similar: Vec<u16>,
    groups: usize,
}

const NONE: u32 = u32::MAX;
const UNKNOWN: u16 = u16::MAX;
const SCALE: f32 = (u16::MAX - 1) as f32;

/// An article's place in the order of a group: earliest time (`i64::MAX`
/// for none, so undated articles come last), then position, then number.
type Order = (i64, u32, u32);

impl Groups {
    /// The groups of articles `0..n` that `pairs` join, each pair
    /// `(a, b, similarity)` confirmed. `order(i)` is article `i`'s time
    /// (`i64::MAX` when it has none) and position: each group's first
    /// member is its least, then the least numbered.
    ///
    /// A pair's similarity is kept when one of its articles is the group's
    /// first member; other members' similarities to the first are unknown
    /// until [`Groups::set_similarity`] or [`Groups::fill_similarities`].
    ///
    /// # Panics
    ///
    /// When a pair names an article `n` or beyond, or `n` does not fit a
    /// `u32`.
    pub fn build(n: usize, pairs: &[(u32, u32, f32)], order: impl Fn(u32) -> (i64, u32)) -> Groups {
        assert!(
            u32::try_from(n).is_ok(),
            "more articles than a u32 can number"
        );
        let mut parent: Vec<u32> = (0..n as u32).collect();
        let mut grouped = vec![false; n];
        for &(a, b, _) in pairs {
            if a != b {
                union(&mut parent, a, b);
                grouped[a as usize] = true;
                grouped[b as usize] = true;
            }
        }

        // Grouped articles by their set, each set in order; then the sets
        // in the order of their first members.
        let mut sorted: Vec<(u32, Order)> = (0..n as u32)
            .filter(|&i| grouped[i as usize])
            .map(|i| {
                let (time, position) = order(i);
                (find(&mut parent, i), (time, position, i))
            })
            .collect();
        drop(parent);
        drop(grouped);
        sorted.sort_unstable();
        let mut runs: Vec<&[(u32, Order)]> = sorted.chunk_by(|x, y| x.0 == y.0).collect();
        runs.sort_unstable_by_key(|run| run[0].1.2);

        let mut first = vec![NONE; n];
        let mut members = Vec::with_capacity(sorted.len());
        for run in &runs {
            let lead = run[0].1.2;
            for &(_, (_, _, i)) in *run {
                first[i as usize] = lead;
                members.push(i);
            }
        }
        let groups = runs.len();
        drop(runs);
        drop(sorted);

        let mut known = vec![UNKNOWN; n];
        for &(a, b, s) in pairs {
            for (x, y) in [(a, b), (b, a)] {
                if first[x as usize] == y && x != y {
                    known[x as usize] = scale(s);
                }
            }
        }
        let similar = members
            .iter()
            .map(|&i| {
                if first[i as usize] == i {
                    scale(1.0)
                } else {
                    known[i as usize]
                }
            })
            .collect();
        Groups {
            first,
            members,
            similar,
            groups,
        }
    }

    /// How many articles there are, in groups or not.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Whether there are no articles at all.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// How many groups there are.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// How many articles are in groups (first members included).
    pub fn articles_in_groups(&self) -> usize {
        self.members.len()
    }

    /// Article `i`'s group (its first member), or `None` when it has no
    /// duplicate.
    pub fn group_of(&self, i: u32) -> Option<u32> {
        let g = self.first[i as usize];
        (g != NONE).then_some(g)
    }

    /// The first member of article `i`'s group when that is another
    /// article: `None` for an article alone and for a first member (the
    /// articles a deduplicated list keeps).
    pub fn dup_of(&self, i: u32) -> Option<u32> {
        self.group_of(i).filter(|&g| g != i)
    }

    /// The members of `group`, first member first, in order; empty when no
    /// group has that name.
    pub fn members(&self, group: u32) -> &[u32] {
        let range = self.range(group);
        &self.members[range]
    }

    /// Each group's members, groups in the order of their names.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.members
            .chunk_by(|x, y| self.first[*x as usize] == self.first[*y as usize])
    }

    /// Article `i`'s similarity to its group's first member (1 for the
    /// first member itself), `None` when it is in no group or the
    /// similarity is not known.
    pub fn similarity(&self, i: u32) -> Option<f32> {
        let at = self.place(i)?;
        let s = self.similar[at];
        (s != UNKNOWN).then(|| f32::from(s) / SCALE)
    }

    /// Records article `i`'s similarity to its group's first member
    /// (ignored for an article in no group). Kept to about 5 decimals.
    pub fn set_similarity(&mut self, i: u32, similarity: f32) {
        if let Some(at) = self.place(i) {
            self.similar[at] = scale(similarity);
        }
    }

    /// The `(first member, member)` pairs whose similarity is not known:
    /// members joined to their group through others.
    pub fn unknown_similarities(&self) -> Vec<(u32, u32)> {
        self.members
            .iter()
            .zip(&self.similar)
            .filter(|(_, s)| **s == UNKNOWN)
            .map(|(&i, _)| (self.first[i as usize], i))
            .collect()
    }

    /// Measures every unknown similarity on the texts (`text(i)` is article
    /// `i`'s text, asked for from all cores).
    pub fn fill_similarities<T: AsRef<str>>(
        &mut self,
        params: &Params,
        text: impl Fn(u32) -> T + Sync,
    ) {
        let mut pairs = self.unknown_similarities();
        pairs.sort_unstable();
        for (_, i, s) in measure(&pairs, params, &text, f64::NEG_INFINITY, None) {
            self.set_similarity(i, s);
        }
    }

    /// Where `group`'s members are in `members`.
    fn range(&self, group: u32) -> std::ops::Range<usize> {
        if self.first.get(group as usize) != Some(&group) {
            return 0..0;
        }
        let first = &self.first;
        let start = self.members.partition_point(|&m| first[m as usize] < group);
        let len = self.members[start..].partition_point(|&m| first[m as usize] == group);
        start..start + len
    }

    /// Where article `i` is in `members`.
    fn place(&self, i: u32) -> Option<usize> {
        let range = self.range(self.group_of(i)?);
        let at = self.members[range.clone()].iter().position(|&m| m == i)?;
        Some(range.start + at)
    }
}

fn scale(similarity: f32) -> u16 {
    (similarity.clamp(0.0, 1.0) * SCALE).round() as u16
}

/// The root of `x`'s set, halving the path on the way.
pub(super) fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// Joins the sets of `a` and `b`.
pub(super) fn union(parent: &mut [u32], a: u32, b: u32) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b) as usize] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_join_through_each_other() {
        let g = Groups::build(7, &[(1, 3, 0.9), (3, 5, 0.85), (2, 6, 1.0)], |i| {
            (i64::MAX, i)
        });
        assert_eq!(g.len(), 7);
        assert_eq!((g.groups(), g.articles_in_groups()), (2, 5));
        assert_eq!(g.members(1), &[1, 3, 5]);
        assert_eq!(g.members(2), &[2, 6]);
        assert_eq!(g.members(3), &[] as &[u32]);
        assert_eq!(g.group_of(5), Some(1));
        assert_eq!(g.group_of(0), None);
        assert_eq!(
            (g.dup_of(1), g.dup_of(3), g.dup_of(4)),
            (None, Some(1), None)
        );
        let all: Vec<&[u32]> = g.iter().collect();
        assert_eq!(all, vec![&[1, 3, 5][..], &[2, 6][..]]);
    }

    #[test]
    fn the_first_member_is_the_earliest_then_the_first_in_position() {
        // Article 0 has no time, 1 and 2 the same, 2 placed before 1.
        let times = [i64::MAX, 500, 500, 100];
        let positions = [0, 9, 3, 7];
        let pairs = [(0, 1, 0.9), (1, 2, 0.9), (0, 3, 0.95)];
        let g = Groups::build(4, &pairs, |i| (times[i as usize], positions[i as usize]));
        assert_eq!(g.members(3), &[3, 2, 1, 0]);
        assert_eq!(g.dup_of(0), Some(3));
        assert_eq!(g.dup_of(3), None);

        let g = Groups::build(4, &pairs[..2], |i| {
            (times[i as usize], positions[i as usize])
        });
        assert_eq!(g.members(2), &[2, 1, 0]);
        // Same time and position: the lower number.
        let g = Groups::build(3, &[(2, 1, 1.0)], |_| (0, 0));
        assert_eq!(g.members(1), &[1, 2]);
    }

    #[test]
    fn similarities_to_the_first_member_are_kept() {
        let mut g = Groups::build(4, &[(0, 1, 0.9), (1, 2, 0.85)], |i| (i64::MAX, i));
        assert_eq!(g.similarity(0), Some(1.0));
        assert!((g.similarity(1).unwrap() - 0.9).abs() < 1e-4);
        assert_eq!(g.similarity(2), None);
        assert_eq!(g.similarity(3), None);
        assert_eq!(g.unknown_similarities(), vec![(0, 2)]);
        g.set_similarity(2, 0.8);
        assert!((g.similarity(2).unwrap() - 0.8).abs() < 1e-4);
        assert!(g.unknown_similarities().is_empty());
    }

    #[test]
    fn no_pairs_no_groups() {
        let g = Groups::build(3, &[(1, 1, 1.0)], |i| (i64::MAX, i));
        assert_eq!((g.groups(), g.articles_in_groups()), (0, 0));
        assert!(Groups::build(0, &[], |i| (0, i)).is_empty());
    }
}
