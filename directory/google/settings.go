package google

import (
	"context"
	"encoding/json"
	"fmt"

	groupssettings "google.golang.org/api/groupssettings/v1"
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
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out, nil
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
	return g.do(ctx, callSettingsPatch, "settings.patch "+group, func(ctx context.Context) error {
		_, err := g.settings.Patch(group, &body).Context(ctx).Do()
		return err
	})
}
