package directory_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/directory"
)

func TestCSVSnapshots(t *testing.T) {
	tests := []struct {
		file, group string
		want        []directory.Member
	}{
		{"groups-export.csv", "project-security@googlegroups.com", []directory.Member{
			// Each with the day the export says they joined.
			{ID: "amara.okafor@example.org", Email: "amara.okafor@example.org", Role: directory.RoleOwner, Type: "USER", Status: "ACTIVE", Joined: at(2019, 3, 4, 10, 22, 5)},
			{ID: "Chen.Wei@Example.org", Email: "Chen.Wei@Example.org", Role: directory.RoleManager, Type: "USER", Status: "ACTIVE", Joined: at(2021, 1, 9, 8, 0, 0)},
			{ID: "dana.whitfield@example.org", Email: "dana.whitfield@example.org", Role: directory.RoleMember, Type: "USER", Status: "ACTIVE", Joined: at(2022, 6, 30, 14, 12, 44)},
			// the invited row is not a member yet
			{ID: "farid.haddad@example.org", Email: "farid.haddad@example.org", Role: directory.RoleMember, Type: "USER", Status: "ACTIVE", Joined: at(2020, 12, 1, 0, 0, 0)},
		}},
		{"admin-bulk.csv", "Security@Example.org", []directory.Member{
			{ID: "amara.okafor@example.org", Email: "amara.okafor@example.org", Role: directory.RoleOwner, Type: "USER", Status: "ACTIVE"},
			{ID: "sub-team@example.org", Email: "sub-team@example.org", Role: directory.RoleMember, Type: "GROUP", Status: "ACTIVE"},
			{ID: "bjorn.halvorsen@example.org", Email: "bjorn.halvorsen@example.org", Role: directory.RoleManager, Type: "USER", Status: "ACTIVE"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := directory.CSV{Path: filepath.Join("testdata", "snapshots", tt.file)}
			got, err := p.Members(context.Background(), tt.group)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
			// Managers is the owners and managers of the same rows.
			managers, err := p.Managers(context.Background(), tt.group)
			if err != nil {
				t.Fatal(err)
			}
			var want []directory.Member
			for _, m := range tt.want {
				if m.Role == directory.RoleOwner || m.Role == directory.RoleManager {
					want = append(want, m)
				}
			}
			if diff := cmp.Diff(want, managers); diff != "" {
				t.Errorf("managers (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCSVIsReadOnly(t *testing.T) {
	p := directory.CSV{Path: filepath.Join("testdata", "snapshots", "admin-bulk.csv")}
	ctx := context.Background()
	if _, err := p.Add(ctx, "g@example.org", "x@example.org", directory.RoleMember); !errors.Is(err, directory.ErrReadOnly) {
		t.Errorf("Add: %v", err)
	}
	if err := p.Remove(ctx, "g@example.org", "x"); !errors.Is(err, directory.ErrReadOnly) {
		t.Errorf("Remove: %v", err)
	}
	if err := p.SetRole(ctx, "g@example.org", "x", directory.RoleOwner); !errors.Is(err, directory.ErrReadOnly) {
		t.Errorf("SetRole: %v", err)
	}
}

func TestCSVBadSnapshots(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"a header and no member", "Email address,Nickname,Group status\n", "snap.csv: the snapshot has a header and no member"},
		{"UTF-16", "\xff\xfeE\x00m\x00", "snap.csv: the snapshot is UTF-16"},
		{"a quoted newline in an address", "Email address\n\"ada@exa\nmple.org\"\n", `snap.csv:2:1: "ada@exa\nmple.org" is not an email address`},
		{"empty", "", "snap.csv: the snapshot is empty"},
		{"no header", "a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n13,14,15\n", "snap.csv:1:1: no header row"},
		{"not an address", "Email address,Group status\nada at example.org,member\n", `snap.csv:2:1: "ada at example.org" is not an email address`},
		{"bad role", "Email address,Group status\nada@example.org,superuser\n", `snap.csv:2:17: role "superuser" is not owner, manager or member`},
		{"listed twice", "Email address\nada@example.org\nADA@example.org\n", "snap.csv:3:1: ADA@example.org is listed twice (also on line 2)"},
		{"bare quote", "Email address\n\"ada@example.org\nx\n", "snap.csv:"},
		{"short row", "Group Email [Required],Member Email\nsecurity@example.org\n", "snap.csv:2:1: row has 1 fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := directory.ParseSnapshot("snap.csv", []byte(tt.data))
			var serr *directory.SnapshotError
			if !errors.As(err, &serr) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error starting %q", err, tt.want)
			}
		})
	}
}

func at(y int, m time.Month, d, h, mi, sec int) time.Time {
	return time.Date(y, m, d, h, mi, sec, 0, time.UTC)
}

// TestJoinedOn: the moment a row joined when the export gives it all,
// only the day when it gives no time or a zone this machine does not
// know, nothing for a day that is no day.
func TestJoinedOn(t *testing.T) {
	header := "Email address,Group status,Join year,Join month,Join day,Join hour,Join minute,Join second,Time zone\n"
	for _, tc := range []struct {
		row     string
		want    time.Time
		dayOnly bool
	}{
		{"a@example.org,member,2026,6,1,10,22,5,UTC", at(2026, 6, 1, 10, 22, 5), false},
		{"a@example.org,member,2026,6,1,20,0,0,America/Los_Angeles", at(2026, 6, 2, 3, 0, 0), false},
		{"a@example.org,member,2026,6,1,,,,", at(2026, 6, 1, 0, 0, 0), true},
		{"a@example.org,member,2026,6,1,10,22,5,Mars/Olympus", at(2026, 6, 1, 0, 0, 0), true},
		{"a@example.org,member,2026,2,31,10,22,5,UTC", time.Time{}, false},
		{"a@example.org,member,,,,,,,", time.Time{}, false},
	} {
		ms, err := directory.ParseSnapshot("export.csv", []byte(header+tc.row+"\n"))
		if err != nil || len(ms) != 1 {
			t.Fatalf("%s: %v %v", tc.row, ms, err)
		}
		if !ms[0].Joined.Equal(tc.want) || ms[0].JoinedDayOnly != tc.dayOnly {
			t.Errorf("%s: joined %v (day only %v), want %v (%v)", tc.row, ms[0].Joined, ms[0].JoinedDayOnly, tc.want, tc.dayOnly)
		}
	}
}

// TestSnapshotReadsMacLineEndsAndLookAlikes: an export whose lines end
// in a carriage return alone is read as lines (not one header holding
// every row, read as no members); a look-alike of an address in it (a
// Kelvin sign for a k) is another member, never "listed twice" beside
// the address it imitates, which would make the list unreadable.
func TestSnapshotReadsMacLineEndsAndLookAlikes(t *testing.T) {
	data := "Email address,Role\rdana.whitkield@example.org,owner\rdana.whit\u212Aield@example.org,member\r"
	got, err := directory.ParseSnapshot("m.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Role != directory.RoleOwner || got[1].Email != "dana.whit\u212Aield@example.org" {
		t.Errorf("got %+v", got)
	}
	for _, twice := range []string{"A@example.org\na@example.org", "josé@example.org\nJOSÉ@example.org", "jose\u0301@example.org\njos\u00e9@example.org", "j.doe@gmail.com\njdoe@googlemail.com"} {
		if _, err := directory.ParseSnapshot("m.csv", []byte("Email address\n"+twice+"\n")); err == nil || !strings.Contains(err.Error(), "listed twice") {
			t.Errorf("one mailbox spelled two ways (%q): %v, want listed twice", twice, err)
		}
	}
}

// TestASnapshotsGoogleGroupsAddressIsAGroup: a Google Groups export names
// no member's type; an address at googlegroups.com is a group's (no
// person has one), never imported or added as a person.
func TestASnapshotsGoogleGroupsAddressIsAGroup(t *testing.T) {
	got, err := directory.ParseSnapshot("m.csv", []byte("Email address,Role\nvendors@GoogleGroups.com,member\nann@example.org,owner\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Type != "GROUP" || got[1].Type != "USER" {
		t.Errorf("got %+v", got)
	}
}

// TestCSVOfAnotherGroup: an export names its group (the Groups page's
// title, the Admin console's Group Email column): one of another group
// is refused, never read as this list's members; in an export of several
// groups, only this group's rows are its members.
func TestCSVOfAnotherGroup(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
		members          []string
	}{
		{name: "titled with another group", data: "Members for group other@googlegroups.com\nEmail address,Group status\nada@example.org,owner\n",
			want: `snap.csv:1:1: the export is of "other@googlegroups.com", not list@googlegroups.com`},
		{name: "every row another group's", data: "Group Email [Required],Member Email,Member Role\nother@googlegroups.com,ada@example.org,OWNER\n",
			want: `snap.csv: the export is of "other@googlegroups.com", not list@googlegroups.com`},
		{name: "another group's cell holding an escape and a newline, quoted", data: "Group Email [Required],Member Email,Member Role\n\"x\x1b[2J@evil.example\nfake\",ada@example.org,OWNER\n",
			want: `snap.csv: the export is of "x\x1b[2J@evil.example\nfake", not list@googlegroups.com`},
		{name: "two groups", data: "Group Email [Required],Member Email,Member Role\nLIST@googlegroups.com,ada@example.org,OWNER\nother@googlegroups.com,bob@example.org,MEMBER\n",
			members: []string{"ada@example.org"}},
		{name: "titled with another group, after a colon", data: "Members for group: other@googlegroups.com\nEmail address,Group status\nada@example.org,owner\n",
			want: `snap.csv:1:1: the export is of "other@googlegroups.com"`},
		{name: "titled with another group, named", data: "Members for group Security Team (other@googlegroups.com)\nEmail address,Group status\nada@example.org,owner\n",
			want: `snap.csv:1:1: the export is of "other@googlegroups.com"`},
		{name: "titled Group:", data: "Group: other@googlegroups.com\nEmail address,Group status\nada@example.org,owner\n",
			want: `snap.csv:1:1: the export is of "other@googlegroups.com"`},
		{name: "titled with this group, named", data: "Members for group Project Security (list@googlegroups.com)\nEmail address,Group status\nada@example.org,owner\n",
			members: []string{"ada@example.org"}},
		{name: "titled with this group", data: "Members for group list@googlegroups.com\nEmail address,Group status\nada@example.org,owner\n",
			members: []string{"ada@example.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := directory.CSV{Path: "snap.csv", Data: []byte(tc.data)}.Members(context.Background(), "list@googlegroups.com")
			if tc.want != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
					t.Fatalf("got %v, %v; want an error starting %q", got, err, tc.want)
				}
				return
			}
			var emails []string
			for _, m := range got {
				emails = append(emails, m.Email)
			}
			if err != nil || strings.Join(emails, " ") != strings.Join(tc.members, " ") {
				t.Errorf("got %v, %v; want %v", emails, err, tc.members)
			}
		})
	}
}

// TestSnapshotOfAGroupUnderItsAliases: asked as a group with aliases,
// an export that names the group by any of its addresses, title and
// rows alike, is the group's; a row of another group is still not.
func TestSnapshotOfAGroupUnderItsAliases(t *testing.T) {
	data := "Members for group security@example.org\nGroup Email,Email address,Group status\nsec@example.org,ada@example.org,owner\nSECURITY@example.org,grace@example.org,member\nother@example.org,mallory@evil.example,member\n"
	got, err := directory.ParseSnapshotOf("snap.csv", []byte(data), "security@example.org", "security@example.org", "sec@example.org")
	var emails []string
	for _, m := range got {
		emails = append(emails, m.Email)
	}
	if err != nil || strings.Join(emails, " ") != "ada@example.org grace@example.org" {
		t.Errorf("got %v, %v; want ada and grace", emails, err)
	}
	// Without the alias, sec@'s row is another group's.
	if got, err := directory.ParseSnapshotOf("snap.csv", []byte(data), "security@example.org"); err != nil || len(got) != 1 {
		t.Errorf("got %v, %v; want grace alone", got, err)
	}
}
