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

// LastListing returns the newest version of the file, before it last
// lost its list for group, that had one: what a change that takes the
// group back is judged against. ok is false when no version the
// timeline read had a list for group, or the file has one still.
//
// Cost: the versions read back from that loss to the first that parses,
// usually one, through one cat-file process; the timeline already knows
// where the loss was.
func (t *Timeline) LastListing(ctx context.Context, group string) (l Listing, ok bool, err error) {
	g := members.IdentityOf(group)
	lost := t.lost[g]
	if len(lost) == 0 || t.repo == nil {
		return Listing{}, false, nil
	}
	if gained := t.gained[g]; len(gained) > 0 && gained[len(gained)-1] > lost[len(lost)-1] {
		return Listing{}, false, nil // had again since
	}
	blobs, err := OpenBlobs(ctx, t.repo.dir)
	if err != nil {
		return Listing{}, false, err
	}
	defer blobs.Close()
	for j := lost[len(lost)-1] - 1; j >= 0; j-- {
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
		f, err := parseVersion(rv, data)
		if err != nil {
			continue // the timeline passed over it too
		}
		for _, l := range f.Lists {
			if members.IdentityOf(l.Address) == g {
				return Listing{File: f, List: l.ID, Revision: rv}, true, nil
			}
		}
		// The version before the loss that the timeline read: it had the
		// group, unless the file was read otherwise there.
		return Listing{}, false, nil
	}
	return Listing{}, false, nil
}
