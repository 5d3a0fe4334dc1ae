package history_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/history/historytest"
)

// renamedHeader is header with the reports list renamed (same address).
var renamedHeader = strings.Replace(header, "[lists.reports]", "[lists.security-reports]", 1)

// listedState reduces ListedByGroup's answer to "listed" or the subject
// of the commit that removed each member, per group.
func listedState(t *testing.T, got map[string]map[string]string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for g, ids := range got {
		out[g] = map[string]string{}
		for id, where := range ids {
			switch {
			case strings.HasPrefix(where, "listed in the last commit"):
				out[g][id] = "listed"
			case strings.HasPrefix(where, "removed in "):
				_, subject, _ := strings.Cut(where, ": ")
				out[g][id] = "removed: " + subject
				if strings.Contains(where, " from ") {
					out[g][id] += " (other file)"
				}
			default:
				t.Errorf("%s %s: %q", g, id, where)
			}
		}
	}
	return out
}

// TestListedByGroupAcrossListRenames: renaming a list's id in the commit
// that takes someone off keeps the removal, as a plain commit and as a
// merged pull request.
func TestListedByGroupAcrossListRenames(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner", announce = "owner"`)
	lin := member("lin@example.org", `reports = "member"`)
	adaRenamed := member("ada@example.org", `security-reports = "owner", announce = "owner"`)
	want := map[string]map[string]string{
		"security@example.org": {"ada@example.org": "listed", "lin@example.org": "removed: Rename reports, remove lin"},
		"announce@example.org": {"ada@example.org": "listed"},
	}
	for _, viaMerge := range []bool{false, true} {
		r := historytest.New(t)
		r.Commit("members.toml", header+ada+lin, "Create")
		if viaMerge {
			r.Git("checkout", "-q", "-b", "pr")
		}
		r.Commit("members.toml", renamedHeader+adaRenamed, "Rename reports, remove lin")
		if viaMerge {
			r.Git("checkout", "-q", "main")
			r.Tick()
			r.Git("merge", "-q", "--no-ff", "-m", "Rename reports, remove lin", "pr")
		}
		got, err := history.ListedByGroup(context.Background(), r.Dir, "members.toml")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, listedState(t, got)); diff != "" {
			t.Errorf("merge %v (-want +got):\n%s", viaMerge, diff)
		}
	}
}

// TestListedByGroupAddressChange: a list whose address changed is
// another group: the old one's members were all taken off it.
func TestListedByGroupAddressChange(t *testing.T) {
	t.Parallel()
	r := historytest.New(t)
	ada := member("ada@example.org", `reports = "owner"`)
	r.Commit("members.toml", header+ada, "Create")
	r.Commit("members.toml", strings.Replace(header, "security@example.org", "Security-Team@Example.org", 1)+ada, "New address")
	got, err := history.ListedByGroup(context.Background(), r.Dir, "members.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"security@example.org":      {"ada@example.org": "removed: New address"},
		"security-team@example.org": {"ada@example.org": "listed"},
	}
	if diff := cmp.Diff(want, listedState(t, got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

const teamsHeader = `schema = 1

[lists.reports]
address = "SECURITY@example.org"
policy = "p"

[policies.p]
vetting_methods = ["video-call"]
`

// TestListedByGroupFollowsListsFromOtherFiles: a list moved into the
// members file from another file carries that file's history: in one
// commit, in two (taken out, then added later), and from a file in
// another directory that was itself moved.
func TestListedByGroupFollowsListsFromOtherFiles(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	carol := member("carol@example.org", `reports = "member"`)
	dan := member("dan@example.org", `announce = "member"`)
	announceOnly := strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1)
	if announceOnly == header {
		t.Fatal("header changed shape")
	}
	for _, tc := range []struct {
		name  string
		build func(r *historytest.Repo)
		want  map[string]string
	}{
		{"moved in one commit", func(r *historytest.Repo) {
			r.Commit("teams/security.toml", teamsHeader+ada+bob+carol, "Security team file")
			r.Commit("members.toml", announceOnly+dan, "Members file")
			r.Commit("teams/security.toml", teamsHeader+ada+bob, "Remove carol")
			r.Write("teams/security.toml", "schema = 1\n")
			r.Git("add", "teams/security.toml")
			r.Commit("members.toml", header+dan+ada, "Move reports here, without bob")
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Move reports here, without bob (other file)",
			"carol@example.org": "removed: Remove carol (other file)"}},
		// Taken out of one file and added to the other later is not a
		// move: anyone can commit and delete a file naming a group ahead
		// of the day the members file adopts it.
		{"taken out, added later: not a move", func(r *historytest.Repo) {
			r.Commit("members.toml", announceOnly+dan, "Members file")
			r.Commit("security.toml", teamsHeader+ada+bob+carol, "Security team file")
			r.Commit("security.toml", teamsHeader+ada+bob, "Remove carol")
			r.Git("rm", "-q", "security.toml")
			r.Git("commit", "-q", "-m", "Drop the security file")
			r.Commit("members.toml", header+dan+ada, "Manage reports here")
		}, map[string]string{"ada@example.org": "listed"}},
		{"from a file that moved between directories", func(r *historytest.Repo) {
			r.Commit("members.toml", announceOnly+dan, "Members file")
			r.Commit("old/security.toml", teamsHeader+ada+bob+carol, "Security team file")
			r.Tick()
			r.Git("mv", "old", "teams")
			r.Git("commit", "-q", "-m", "Move the teams")
			r.Commit("teams/security.toml", teamsHeader+ada+bob, "Remove carol")
			r.Write("teams/security.toml", "schema = 1\n")
			r.Git("add", "teams/security.toml")
			r.Commit("members.toml", header+dan+ada+bob, "Move reports here")
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "listed",
			"carol@example.org": "removed: Remove carol (other file)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			tc.build(r)
			got, err := history.ListedByGroup(context.Background(), r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]map[string]string{"security@example.org": tc.want, "announce@example.org": {"dan@example.org": "listed"}}
			if diff := cmp.Diff(want, listedState(t, got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestListedByGroupIgnoresFilesThatOnlyNameTheGroup: another file has a
// say only over a list that moved from it. One that lists the group at
// the same time, one committed and deleted to look like a removal, or
// one that names the group again after the move, changes nothing: the
// members file's own history decides whom it took off.
func TestListedByGroupIgnoresFilesThatOnlyNameTheGroup(t *testing.T) {
	t.Parallel()
	ada := member("ada@example.org", `reports = "owner"`)
	bob := member("bob@example.org", `reports = "member"`)
	carol := member("carol@example.org", `reports = "member"`)
	// Enough other members that git does not take members.toml for a
	// copy of another file (--follow detects copies).
	others := ""
	for _, n := range []string{"c", "d", "e", "f", "g", "h", "i", "j"} {
		others += member(n+"@example.org", `reports = "member"`)
	}
	for _, tc := range []struct {
		name  string
		build func(r *historytest.Repo)
		want  map[string]string
	}{
		{"another file lists the group at the same time", func(r *historytest.Repo) {
			r.Commit("unrelated.toml", "[package]\nname = \"x\"\n", "Another toml file")
			r.Commit("teams.toml", teamsHeader+ada+bob+others, "Teams")
			r.Commit("members.toml", header+ada, "Members")
		}, map[string]string{"ada@example.org": "listed"}},
		{"a file committed and deleted to look like a removal", func(r *historytest.Repo) {
			r.Commit("members.toml", header+ada, "Members")
			r.Commit("docs/example.toml", teamsHeader+carol+others, "An example")
			r.Git("rm", "-q", "docs/example.toml")
			r.Git("commit", "-q", "-m", "Drop the example")
		}, map[string]string{"ada@example.org": "listed"}},
		{"a file that names the group again after the move", func(r *historytest.Repo) {
			r.Commit("teams.toml", teamsHeader+ada+bob+others, "Teams")
			r.Write("teams.toml", "schema = 1\n")
			r.Git("add", "teams.toml")
			r.Commit("members.toml", header+ada+bob, "Move reports here")
			r.Commit("teams.toml", teamsHeader+carol+others, "List carol in the old file")
			r.Commit("teams.toml", "schema = 1\n", "And take her off")
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "listed",
			"c@example.org": "removed: Move reports here (other file)", "d@example.org": "removed: Move reports here (other file)",
			"e@example.org": "removed: Move reports here (other file)", "f@example.org": "removed: Move reports here (other file)",
			"g@example.org": "removed: Move reports here (other file)", "h@example.org": "removed: Move reports here (other file)",
			"i@example.org": "removed: Move reports here (other file)", "j@example.org": "removed: Move reports here (other file)"}},
		{"someone the file took off, listed again elsewhere", func(r *historytest.Repo) {
			r.Commit("members.toml", header+ada+bob, "Members")
			r.Commit("members.toml", header+ada, "Remove bob")
			r.Commit("teams.toml", teamsHeader+bob+others, "Bob in another file")
		}, map[string]string{"ada@example.org": "listed", "bob@example.org": "removed: Remove bob"}},
		{"a file committed and dropped before the members file adopts the group: not a move", func(r *historytest.Repo) {
			r.Commit("members.toml", header+ada, "Members")
			r.Commit("members.toml", strings.Replace(header, "[lists.reports]\naddress = \"security@example.org\"\npolicy = \"p\"\n\n", "", 1), "Stop managing reports")
			r.Commit("teams.toml", teamsHeader+carol+others, "Reports in a team file")
			r.Git("rm", "-q", "teams.toml")
			r.Git("commit", "-q", "-m", "Drop the team file")
			r.Commit("members.toml", header+ada, "Manage reports here again")
		}, map[string]string{"ada@example.org": "listed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := historytest.New(t)
			tc.build(r)
			got, err := history.ListedByGroup(context.Background(), r.Dir, "members.toml")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, listedState(t, got)["security@example.org"]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
