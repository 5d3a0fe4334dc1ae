package history

import (
	"bytes"
	"context"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/roster-dev/roster/members"
)

// ListsElsewhereAt returns the lists that other members files of the
// repository hold at rev for any of groups (identities of addresses):
// each file of the tree at rev, but the members file at path, that
// parses as a members file, with the lists of it whose group is one of
// groups. The files read are every .toml file of the whole tree (any
// case, any directory), and every file the change from rev to head
// ("" for the working tree) touches, whatever its name: history follows
// a list moved in from a file of any name. A change that points a list
// of the members file at a group another file manages (the list moved
// in from that file, or the group managed twice) is judged against
// that file's owners: history and sync follow such a move, so the gate
// must too. Such a file that does not parse at rev is read at its last
// version that does (Base).
//
// Cost: one listing of rev's tree and one diff, and one read of each
// candidate through one cat-file process.
func ListsElsewhereAt(ctx context.Context, dir, path, rev, head string, groups []string) ([]MovedList, error) {
	if len(groups) == 0 {
		return nil, nil
	}
	r, commit, top, err := openAt(ctx, dir, path, rev)
	if err != nil {
		return nil, err
	}
	files, err := r.filesAt(ctx, commit)
	if err != nil {
		return nil, err
	}
	touched, err := r.changed(ctx, commit, head, ":(top)")
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, p := range touched {
		changed[p] = true
	}
	wanted := map[string]bool{}
	for _, g := range groups {
		wanted[g] = true
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	var found []MovedList
	for _, tf := range files {
		p := tf.path
		if p == top || !isTOML(p) && !changed[p] || tf.size > members.MaxFileSize {
			continue
		}
		data, err := blobs.Read(tf.blob)
		if err != nil {
			if unreadable(ctx, err) {
				return nil, err
			}
			continue
		}
		// A file whose text cannot name a group wanted (mayName: a key
		// or an address written escaped has a backslash) has no list
		// for it, broken or not: a list a broken file had before is
		// one it let go, which FormerListsElsewhere finds.
		if !mayName(data, wanted) {
			continue
		}
		at := Revision{Commit: commit, Path: p}
		f, err := members.Parse(p, slices.Clone(data))
		if err != nil {
			if !mayBeMembersFile(data) {
				continue // another tool's file
			}
			// A members file broken at rev: its groups are still its
			// owners', as its last version that parses says (Base), as
			// the members file's own base is read.
			if f, at, err = Base(ctx, dir, r.fromTop(p), nil, commit); err != nil {
				if unreadable(ctx, err) {
					return nil, err
				}
				continue
			}
		}
		for _, l := range f.Lists {
			if wanted[members.IdentityOf(l.Address)] {
				found = append(found, MovedList{File: f, List: l, Path: p, At: at})
			}
		}
	}
	return found, nil
}

// mayBeMembersFile reports whether data, which does not parse, reads as
// a members file someone broke: it names a list table or a member
// table. Only such a file's history is read for the version before it
// broke; any other tool's TOML that does not parse costs nothing more.
func mayBeMembersFile(data []byte) bool {
	lower := bytes.ToLower(data)
	return bytes.Contains(lower, []byte("lists")) || bytes.Contains(lower, []byte("member"))
}

// FormerListsElsewhere returns, for each of addresses (groups a change
// gives the members file at file a list for, which no file manages at
// rev), the last list each other file of the repository had for it
// before rev, newest first: found through the newest commit whose change
// to that file took the list for the group out (its version before has
// one, its version after none), read in that commit's parent. A list
// taken out of another file in one change and added to the members file
// in the next is judged against the owners it had there, as
// LastListings judges one the members file took back: every file's, not
// only the newest, since a file no gate reviews (an example made for the
// purpose, and changed again) is as new as its author makes it.
//
// The versions are compared parsed, as the gate reads them: a file that
// wrote the address escaped ("infra\u0040example.org"), in another case
// or normal form, let the same group go.
//
// Cost: one git log of the *.toml files other than the members file over
// the history reachable from rev, naming blobs only, and one parse of
// each distinct version of them.
func FormerListsElsewhere(ctx context.Context, dir, file, rev string, addresses []string) (map[string][]MovedList, error) {
	return formerLists(ctx, dir, file, rev, addresses, false)
}

// FormerListsOfFile is FormerListsElsewhere of the members file itself:
// every change of it, on any side of any merge, that took its list for
// one of addresses out. The timeline LastListings reads follows the
// file's first-parent line, and a merge that kept the tree of a side
// that never had the list ("git merge -s ours", then fast-forwarded)
// takes the version that had it off that line: the loss is then on no
// version the timeline reads.
func FormerListsOfFile(ctx context.Context, dir, file, rev string, addresses []string) (map[string][]MovedList, error) {
	return formerLists(ctx, dir, file, rev, addresses, true)
}

// formerLists is FormerListsElsewhere, of the members file alone when
// own is set.
func formerLists(ctx context.Context, dir, file, rev string, addresses []string, own bool) (map[string][]MovedList, error) {
	if len(addresses) == 0 {
		return nil, nil
	}
	r, commit, top, err := openAt(ctx, dir, file, rev)
	if err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	wanted := map[string]bool{}
	for _, a := range addresses {
		wanted[members.IdentityOf(a)] = true
	}
	// --no-renames: a file retired by a rename (other.toml to
	// other.toml.off) is a deletion of the file that held the list, not a
	// rename with no line changed. The members file's own versions are
	// left out (LastListings reads them): in a repository of one large
	// members file they are nearly all the work.
	// --full-history -m: a merge is read against each of its parents,
	// and no side of it is simplified away. A merge that let the group
	// go (a conflict resolved by taking the list out, a merge "-s ours"
	// of the line that had it) is a change of its own, whichever side
	// had the list.
	specs := []string{":(top,icase,glob)**/*.toml", ":(top,exclude,literal)" + top}
	if own {
		specs = []string{":(top,literal)" + top}
	}
	out, err := git(ctx, r.dir, append([]string{"log", "-z", "--raw", "--no-abbrev", "--no-renames", "--full-history", "-m", "--format=" + parentsFormat, commit, "--"}, specs...)...)
	if err != nil {
		return nil, err
	}
	// The files at rev, by path, read by blob id: a path with a newline
	// cannot be asked for as "rev:path" on cat-file's lines.
	files, err := r.filesAt(ctx, commit)
	if err != nil {
		return nil, err
	}
	atRev := map[string]string{} // path -> blob
	for _, tf := range files {
		if isTOML(tf.path) {
			atRev[tf.path] = tf.blob
		}
	}
	commits, err := parseLogParents(out)
	if err != nil {
		return nil, err
	}
	parsed := map[string]*members.File{} // blob id -> the file it parses as, nil when none
	read := func(blob, name string) (*members.File, error) {
		if blob == "" || strings.Trim(blob, "0") == "" {
			return nil, nil // no file on that side of the change
		}
		if f, ok := parsed[blob]; ok {
			return f, nil
		}
		data, err := blobs.Read(blob)
		if err != nil {
			if unreadable(ctx, err) {
				return nil, err
			}
			parsed[blob] = nil
			return nil, nil
		}
		var f *members.File
		if len(data) <= members.MaxFileSize && mayName(data, wanted) {
			if pf, perr := members.Parse(path.Base(name), slices.Clone(data)); perr == nil {
				f = pf
			}
		}
		parsed[blob] = f
		return f, nil
	}
	listFor := func(f *members.File, g string) *members.List {
		if f == nil {
			return nil
		}
		return f.ListOfGroup(g)
	}
	found := map[string][]MovedList{}
	// Every letting go of each file counts, not its newest alone: a list
	// put back for a while and let go again (by a change whose author
	// chose its owners) is no reason to forget the owners it had
	// before. seen: group, file and the version that had the list.
	seen := map[string]bool{}
	for _, c := range commits { // newest first
		for _, e := range c.entries {
			if (e.path == top) != own {
				continue
			}
			before, err := read(e.old, e.path)
			if err != nil {
				return nil, err
			}
			if before == nil {
				continue
			}
			var after *members.File
			for _, l := range before.Lists {
				g := members.IdentityOf(l.Address)
				if !wanted[g] || seen[g+"\x00"+e.path+"\x00"+e.old] {
					continue
				}
				if after == nil {
					if after, err = read(e.blob, e.path); err != nil {
						return nil, err
					}
					if after == nil {
						after = &members.File{}
					}
				}
				if listFor(after, g) != nil {
					continue // kept through this change
				}
				seen[g+"\x00"+e.path+"\x00"+e.old] = true
				// A file that has a list for the group again at rev still
				// let it go here: the owners it has now (ListsElsewhereAt
				// names them) are the choice of whoever put it back, in a
				// file no gate reviews, and hide none of the ones before.
				now, there := atRev[e.path]
				// At: the commit that let it go, and the blob read, the
				// version before it.
				mv := MovedList{File: before, List: l, Path: e.path, At: Revision{Commit: c.Commit, Path: e.path, Date: c.Date, Blob: e.old}}
				if there {
					data, err := blobs.Read(now)
					if err != nil && unreadable(ctx, err) {
						return nil, err
					}
					if f, err := members.Parse(path.Base(e.path), slices.Clone(data)); err == nil && data != nil {
						mv.Then = f
					}
				}
				found[g] = append(found[g], mv)
			}
		}
	}
	return found, nil
}

// treeFile is a file of a commit's tree, as ls-tree gives it.
type treeFile struct {
	path, blob string // the path from the top
	size       int64
}

// filesAt returns the files of commit's whole tree (links and
// submodules left out): one ls-tree, its paths NUL-separated, whatever
// bytes they hold; run from the top of the repository, not the members
// file's directory, which it would list alone. ListsElsewhereAt and
// formerLists ask the same, which a context's Reads runs once.
func (r *repo) filesAt(ctx context.Context, commit string) ([]treeFile, error) {
	out, err := git(ctx, r.dir, "ls-tree", "-r", "-l", "-z", "--full-name", commit, "--", ":(top)")
	if err != nil {
		return nil, err
	}
	var files []treeFile
	// "<mode> blob <id> <size>\t<path>\x00", one per file of the tree.
	for _, entry := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(entry, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 || f[1] != "blob" || f[0] == "120000" || !isHash(f[2]) {
			continue
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			continue
		}
		files = append(files, treeFile{path: p, blob: f[2], size: size})
	}
	return files, nil
}

// isTOML reports whether p names a *.toml file, the extension in any
// case: the files that may be members files.
func isTOML(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".toml") }

// mayName reports whether data, a file's bytes, may give a list one of
// the groups (identities) wanted: reading every version of every *.toml
// of a long history costs seconds, and most never name the group. An
// ASCII address is written with its local part in the text, in any
// case (a Gmail one with dots anywhere: always parsed), unless escaped
// (\u, \U, TOML 1.1's \x) or split across a multi-line string's lines (a backslash ending the line): a file with
// any backslash is parsed. An address with any other letter, or a
// domain in punycode (which the file may write in Unicode), is always
// parsed. One pass for the backslash, one per local part: no copy.
func mayName(data []byte, wanted map[string]bool) bool {
	if bytes.IndexByte(data, '\\') >= 0 {
		return true
	}
	for g := range wanted {
		local, domain, _ := strings.Cut(g, "@")
		if local == "" || strings.IndexFunc(g, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 || strings.Contains(strings.ToLower(domain), "xn--") || domain == "gmail.com" {
			// gmail.com: its identity drops the local part's dots, and
			// reads googlemail.com as gmail.com.
			return true
		}
		if containsFold(data, strings.ToLower(local)) {
			return true
		}
	}
	return false
}

// containsFold reports whether data holds lower, an ASCII string in
// lower case, in any case.
func containsFold(data []byte, lower string) bool {
	firsts := []byte{lower[0]}
	if c := lower[0]; 'a' <= c && c <= 'z' {
		firsts = append(firsts, c-'a'+'A')
	}
	for _, c := range firsts {
		for rest := data; ; {
			i := bytes.IndexByte(rest, c)
			if i < 0 || len(rest)-i < len(lower) {
				break
			}
			if bytes.EqualFold(rest[i:i+len(lower)], []byte(lower)) {
				return true
			}
			rest = rest[i+1:]
		}
	}
	return false
}

// hasListFor reports whether object (a blob id, or "rev:path"), read as
// the members file name, has a list for g: false when it does not parse,
// or a "rev:path" names no file. The error is a history git cannot read:
// a blob id missing (a partial clone), or the read cancelled.
func hasListFor(ctx context.Context, blobs *Blobs, object, name, g string) (bool, error) {
	data, err := blobs.Read(object)
	if err != nil {
		if unreadable(ctx, err) && (ctx.Err() != nil || !strings.Contains(object, ":")) {
			return false, err
		}
		return false, nil // no such file then
	}
	f, err := members.Parse(path.Base(name), slices.Clone(data))
	if err != nil {
		return false, nil
	}
	return slices.ContainsFunc(f.Lists, func(l *members.List) bool { return members.IdentityOf(l.Address) == g }), nil
}

// openAt opens the repository of dir (requiring a commit), resolves
// rev, and names the file at path from the top of the repository.
func openAt(ctx context.Context, dir, path, rev string) (r *repo, commit, top string, err error) {
	if r, err = openHead(ctx, dir); err != nil {
		return nil, "", "", err
	}
	if commit, err = r.resolve(ctx, rev); err != nil {
		return nil, "", "", err
	}
	if top, err = r.top(path); err != nil {
		return nil, "", "", err
	}
	return r, commit, top, nil
}
