package google

import (
	"context"
	"strings"
	"time"

	reports "google.golang.org/api/admin/reports/v1"

	"github.com/roster-dev/roster/directory"
)

// Activities reads who changed a group outside roster: one filtered
// activities.list (paged) of application ("admin" for the Admin console
// and the API, "groups" for owners in the Groups UI), since a time.
func (g *Client) Activities(ctx context.Context, application, group string, since time.Time) ([]directory.Activity, error) {
	filter := "GROUP_EMAIL==" + group
	if application == directory.AppGroups {
		filter = "group_email==" + group
	}
	var out []directory.Activity
	err := g.pages(ctx, callActivities, "activities.list "+application+" "+group, "audit log", func(token string) (string, error) {
		call := g.activity.List("all", application).Filters(filter).MaxResults(1000).Context(ctx)
		if !since.IsZero() {
			call = call.StartTime(since.UTC().Format(time.RFC3339))
		}
		if token != "" {
			call = call.PageToken(token)
		}
		resp, err := call.Do()
		if err != nil {
			return "", err
		}
		for _, a := range resp.Items {
			out = append(out, activitiesOf(application, a)...)
		}
		return resp.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func activitiesOf(application string, a *reports.Activity) []directory.Activity {
	if a == nil {
		return nil
	}
	base := directory.Activity{Application: application}
	if a.Actor != nil {
		base.Actor = a.Actor.Email
		if base.Actor == "" {
			base.Actor = a.Actor.CallerType
		}
	}
	if a.Id != nil {
		base.Time, _ = time.Parse(time.RFC3339Nano, a.Id.Time)
	}
	var out []directory.Activity
	for _, ev := range a.Events {
		if ev == nil {
			continue
		}
		act := base
		act.Event = ev.Name
		for _, p := range ev.Parameters {
			if p == nil {
				continue
			}
			switch strings.ToUpper(p.Name) {
			case "GROUP_EMAIL":
				act.Group = p.Value
			case "USER_EMAIL", "MEMBER_EMAIL":
				act.Member = p.Value
			case "SETTING_NAME":
				act.Setting = p.Value
			case "OLD_VALUE":
				act.Old = p.Value
			case "NEW_VALUE", "MEMBER_ROLE", "NEW_ROLE":
				act.New = p.Value
			}
		}
		out = append(out, act)
	}
	return out
}
