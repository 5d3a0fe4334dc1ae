package google

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/roster-dev/roster/directory"
)

// CreateGroup creates a group through groups.insert, in a token of its
// own scope (ScopeGroup). The group starts with Google's defaults for
// groups made through the API, which are open; see
// directory.GroupCreator. A lost answer retried comes back as
// ErrGroupExists: then read the group (Group) to see whether it is the
// one just made.
func (g *Client) CreateGroup(ctx context.Context, email, name, description string) (directory.Group, error) {
	var out *admin.Group
	tries := 0
	err := g.do(ctx, callGroupInsert, "groups.insert "+email, func(ctx context.Context) error {
		var err error
		tries++
		out, err = g.groupsWrite.Insert(&admin.Group{Email: email, Name: name, Description: description}).Context(ctx).Do()
		return err
	})
	if errors.Is(err, directory.ErrGroupExists) && tries > 1 {
		return directory.Group{}, fmt.Errorf("%w (%w)", err, directory.ErrLostAnswer)
	}
	if err != nil {
		return directory.Group{}, err
	}
	return groupOf(out), nil
}

// Group reads a group through groups.get, in a token of its own scope
// (ScopeGroupRead): its id is what groups_enterprise logs as group_id,
// its aliases the other addresses a list may name it by. A group found
// is remembered for the client's life (one run).
func (g *Client) Group(ctx context.Context, group string) (directory.Group, error) {
	key := strings.ToLower(group)
	g.known.Lock()
	had, ok := g.known.groups[key]
	failed := g.known.failed[key]
	g.known.Unlock()
	if ok {
		return had, nil
	}
	if failed != nil {
		return directory.Group{}, failed
	}
	var out *admin.Group
	err := g.get(ctx, callGroupGet, "groups.get "+group, func(ctx context.Context) error {
		var err error
		out, err = g.groupsRead.Get(group).Fields("id", "email", "name", "description", "aliases", "nonEditableAliases").Context(ctx).Do()
		return err
	})
	if err != nil {
		// A read that failed after its tries for want of an answer (no
		// answer in time, 5xx, 429) is not tried again this run: the plan
		// asks about a group for more than one reason, and each would
		// wait as long. A refusal is quick to hear again; a group not
		// found is asked again, as the run may be creating it.
		if directory.IsRetryable(err) && ctx.Err() == nil {
			g.known.Lock()
			if g.known.failed == nil {
				g.known.failed = map[string]error{}
			}
			g.known.failed[key] = err
			g.known.Unlock()
		}
		return directory.Group{}, err
	}
	// Only a group found is kept: one not found yet may be one this run
	// is creating.
	found := groupOf(out)
	g.known.Lock()
	if g.known.groups == nil {
		g.known.groups = map[string]directory.Group{}
	}
	g.known.groups[key] = found
	g.known.Unlock()
	return found, nil
}

// GroupID returns the id of a group, to match the group_id of
// groups_enterprise events with directory.MatchID. Member ids are those
// members.list returns (directory.Member.ID), matched the same way
// against member_id.
func (g *Client) GroupID(ctx context.Context, group string) (string, error) {
	gr, err := g.Group(ctx, group)
	return gr.ID, err
}

// AllGroups lists every group of the Workspace (groups.list for
// my_customer, 200 a page) with its aliases, in the token of the
// group-read scope, as Group reads one.
func (g *Client) AllGroups(ctx context.Context) ([]directory.Group, error) {
	return g.listGroups(ctx, "groups.list", "listing of the Workspace's groups", func(c *admin.GroupsListCall) *admin.GroupsListCall {
		return c.Customer("my_customer")
	})
}

// ParentGroups lists the groups member (a group's or a user's address)
// is a direct member of (groups.list with userKey), with their aliases,
// in the token of the group-read scope, as Group reads one.
func (g *Client) ParentGroups(ctx context.Context, member string) ([]directory.Group, error) {
	return g.listGroups(ctx, "groups.list "+member, "listing of the groups "+member+" is in", func(c *admin.GroupsListCall) *admin.GroupsListCall {
		return c.UserKey(member)
	})
}

// listGroups pages through a groups.list narrowed by which (to a
// customer, to a member's groups), 200 a page, each group with its
// aliases.
func (g *Client) listGroups(ctx context.Context, label, what string, which func(*admin.GroupsListCall) *admin.GroupsListCall) ([]directory.Group, error) {
	var out []directory.Group
	var rep repeats
	err := g.pages(ctx, callGroupGet, label, what, func(ctx context.Context, token string) (string, error) {
		call := which(g.groupsRead.List()).MaxResults(200).Context(ctx).
			Fields("nextPageToken", "groups(id,email,aliases,nonEditableAliases)")
		if token != "" {
			call = call.PageToken(token)
		}
		res, err := call.Do()
		if err != nil {
			return "", err
		}
		keys := make([]string, 0, len(res.Groups))
		for _, gr := range res.Groups {
			g := groupOf(gr)
			keys = append(keys, cmp.Or(g.ID, g.Email))
			out = append(out, g)
		}
		if rep.page(keys, res.NextPageToken != "") {
			return "", rep.endless(label, "groups")
		}
		return res.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func groupOf(g *admin.Group) directory.Group {
	if g == nil {
		return directory.Group{}
	}
	return directory.Group{ID: g.Id, Email: g.Email, Name: g.Name, Description: g.Description, Aliases: append(slices.Clip(g.Aliases), g.NonEditableAliases...)}
}
