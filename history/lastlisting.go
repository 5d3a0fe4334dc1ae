package history

import (
	"context"

	"github.com/roster-dev/roster/members"
)

// Listing is a version of the members file that had a list for a group.
type Listing struct {
	// File is that version; List the id of the group's list in it.
	File *members.File
	List string
	// Revision is the commit it was read at.
	Revision Revision
}

// LastListings returns, for each of groups, the newest version of the
// file, before it last lost its list for that group, that had one: what
// a change that takes the group back is judged against. A group no
// version the timeline read had a list for, or that the file has still,
// is not in the map.
//
// Cost: for each group, the versions read back from its loss to the
// first that parses, usually one, all through one cat-file process; the
// timeline already knows where each loss was.
func (t *Timeline) LastListings(ctx context.Context, groups []string) (map[string]Listing, error) {
	out := map[string]Listing{}
	var blobs *Blobs
	defer func() {
		if blobs != nil {
			blobs.Close()
		}
	}()
	for _, group := range groups {
		g := members.IdentityOf(group)
		lost := t.lost[g]
		if len(lost) == 0 || t.repo == nil {
			continue
		}
		if gained := t.gained[g]; len(gained) > 0 && gained[len(gained)-1] > lost[len(lost)-1] {
			continue // had again since
		}
		if blobs == nil {
			var err error
			if blobs, err = OpenBlobs(ctx, t.repo.dir); err != nil {
				return nil, err
			}
		}
		l, ok, err := t.listingBefore(ctx, blobs, g, lost[len(lost)-1])
		if err != nil {
			return nil, err
		}
		if ok {
			out[group] = l
		}
	}
	return out, nil
}

// listingBefore reads back from the version at loss to the first that
// parses, and returns its list for group g, if it has one.
func (t *Timeline) listingBefore(ctx context.Context, blobs *Blobs, g string, loss int) (Listing, bool, error) {
	for j := loss - 1; j >= 0; j-- {
		rv := t.revs[j]
		if rv.Blob == "" || !rv.Regular() {
			continue
		}
		data, err := blobs.Read(rv.Blob)
		if err != nil {
			if unreadable(ctx, err) {
				return Listing{}, false, err
			}
			continue
		}
		f, fails, err := parseVersion(rv, data)
		if err != nil {
			continue // the timeline passed over it too
		}
		if f, err = settle(ctx, blobs, t.revs, j, f, fails); err != nil {
			return Listing{}, false, err
		}
		if l := f.ListOfGroup(g); l != nil {
			return Listing{File: f, List: l.ID, Revision: rv}, true, nil
		}
		// The version before the loss that the timeline read: it had the
		// group, unless the file was read otherwise there.
		return Listing{}, false, nil
	}
	return Listing{}, false, nil
}
