package google

import (
	"context"
	"encoding/json"
	"fmt"

	groupssettings "google.golang.org/api/groupssettings/v1"

	"github.com/roster-dev/roster/directory"
)

// Settings reads a group's settings: one GET.
func (g *Client) Settings(ctx context.Context, group string) (map[string]string, error) {
	var s *groupssettings.Groups
	err := g.get(ctx, callSettingsGet, "settings.get "+group, func(ctx context.Context) error {
		var err error
		s, err = g.settings.Get(group).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("settings of %s: %w", group, err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("settings of %s: %w", group, err)
	}
	out := stringFields(fields)
	if email := out["email"]; email != "" && !directory.SameAddress(email, group) {
		// Another address: the group's own, when group is an alias of
		// it (which the plan reads from here), or another group's
		// settings, which would hide this one's. Where groups.get
		// answers, it tells the two apart.
		if gr, gerr := g.Group(ctx, group); gerr == nil && !directory.SameAddress(gr.Email, email) {
			return nil, &directory.APIError{Op: "settings.get " + group, Kind: directory.ErrInvalid,
				Message: fmt.Sprintf("the settings answered are %s's, and the group is %s (groups.get); refusing them; check that --endpoint answers as Google does", email, gr.Email)}
		}
	}
	return out, nil
}

// stringFields keeps the string values of a decoded settings resource.
func stringFields(fields map[string]any) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// PatchSettings sends one PATCH with only the changed fields.
func (g *Client) PatchSettings(ctx context.Context, group string, changes map[string]string) error {
	raw, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	var body groupssettings.Groups
	if err := json.Unmarshal(raw, &body); err != nil {
		return fmt.Errorf("settings for %s: %w", group, err)
	}
	var got *groupssettings.Groups
	err = g.do(ctx, callSettingsPatch, "settings.patch "+group, func(ctx context.Context) error {
		var err error
		got, err = g.settings.Patch(group, &body).Context(ctx).Do()
		return err
	})
	if err != nil || got == nil {
		return err
	}
	// Google answers a patch with the settings as they now are: one that
	// kept an old value did not make the change, which must not count as
	// done (the next plan would show it pending again, and again).
	raw, err = json.Marshal(got)
	if err != nil {
		return nil
	}
	var fields map[string]any
	if json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	now := stringFields(fields)
	for k, want := range changes {
		if have, ok := now[k]; ok && have != want {
			return &directory.APIError{Op: "settings.patch " + group, Kind: directory.ErrInvalid,
				Message: fmt.Sprintf("the answer says %s is %s, not the %s sent; not counted as done", k, have, want)}
		}
	}
	return nil
}
