package main

import (
	"strings"
	"testing"
)

// TestDeadlinesRefuseZero: a deadline given as 0 is out of range, as a
// negative one is, not the default that leaving the flag out gives.
func TestDeadlinesRefuseZero(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--call-timeout", "0"}, "--call-timeout 0: give a duration from 1s to 1h"},
		{[]string{"plan", "--call-timeout", "0s"}, "--call-timeout 0s: give a duration from 1s to 1h"},
		{[]string{"sync", "--read-timeout", "0s"}, "--read-timeout 0s: give a duration from 1m to 24h"},
		{[]string{"plan", "--read-timeout", "0"}, "--read-timeout 0: give a duration from 1m to 24h"},
		{[]string{"sync", "--call-timeout", "-1s"}, "--call-timeout -1s: give a duration from 1s to 1h"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parse(t, nil, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %+v, error %v; want an error with %q", got, err, tt.want)
			}
		})
	}
	// Left out, they are the defaults: no error.
	if _, err := parse(t, nil, "sync"); err != nil {
		t.Errorf("sync with no deadline flags: %v", err)
	}
}
