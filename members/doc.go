// Package members is the members file: its model (lists, policies,
// members and their vetting records, as plain data), a strict parser that
// reports every problem at once, the canonical format, and edits that
// change nothing but what they mean to. It does no I/O.
//
// # Positions
//
// Every element carries where it is written: its Pos (the table header,
// or the first key of an inline table), the Pos of each of its keys, and,
// for a table, the byte range from its header line to the next header
// (Start and End). A finding about one field points at that field's line;
// an edit finds the bytes to change without re-reading the file. Lines
// and columns count from 1, columns in bytes, as editors and GitHub
// annotations do; a byte-order mark is skipped but counted in offsets.
//
// The parser reads TOML with go-toml's unstable parser and applies
// roster's schema as it goes (decode_tables.go for which table or key an
// expression defines, decode_fields.go for each element's keys,
// decode_values.go for each value's type, decode_finish.go for what only
// the whole file can tell). A syntax error stops it; any other error is
// collected, so that a pull request gets one complete review.
//
// # Names
//
// List and policy ids, vetting methods, GitHub handles (a member's
// github, the vetter of a record, admins) are printed into terminals,
// pull-request comments, GitHub workflow commands and command lines, so
// the parser holds them to a small character set (charset.go: CheckName,
// CheckHandle, CheckVetter) and reports any other at its file:line:col
// with the form to write. Free text (name, affiliation, description,
// note, evidence) is only required to be UTF-8; renderers sanitise it.
// Handles are compared with HandleKey, addresses with Address.Identity
// and Address.Mailbox, which read every spelling of one mailbox (case,
// Gmail dots, googlemail.com, Unicode normal forms, punycode) as one.
//
// # Index
//
// Parse builds, and Index rebuilds, the file's lookup tables (index.go):
// lists and policies by id, the members on each list in file order
// (File.MembersOf), and the role of a member on a list in constant time
// however many lists they are on (File.RoleOf). Reading and checking a
// file costs time in proportion to its size whatever its shape. The
// decoder carves members, records, memberships and strings out of
// slabs (alloc.go), and keeps each key's position in 8 bytes (keys.go).
//
// # Comments
//
// Comments are read by a lexer of their own (a '#' outside TOML's four
// kinds of strings), not from the parse tree, so that none is missed
// wherever it sits. Format attaches each to the element it describes by
// an anchor that survives sorting ("member:3/vetting:0/by"): whole-line
// comments above an element lead it, a comment at the end of a line is
// its key's tail, and a comment inside a multi-line value (between array
// elements) moves above its key; a comment it cannot place goes to the
// end rather than away.
//
// Edits (Batch: add a member, a vetting record, put a member on a list,
// change a role, change lists, remove an entry) splice the original text
// (splice.go) and keep everything else byte for byte.
// Before any edit or format is handed back, one check (verify) parses the
// result, compares its model with the intended one, and compares the
// multiset of comments with the input's (less the entries an edit
// removes, and the lines of lists a member leaves): an edit that would
// lose a comment is refused with its line. That check cannot see a
// comment moved away from its key, so edits never rewrite text around a
// comment: each splices only the pairs, lines or values that change
// (see edit_lists.go), and the golden tests under testdata/edit hold
// them to it in every form TOML allows.
package members
