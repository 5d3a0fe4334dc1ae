package main

import (
	"os"
	"os/exec"
)

type execCmd = exec.Cmd

// newExecCmd is a roster process in dir; endpoint, when set, is the
// emulator it talks to.
func newExecCmd(bin, dir, endpoint string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if endpoint != "" {
		cmd.Env = append(cmd.Env, "ROSTER_GOOGLE_ENDPOINT="+endpoint)
	}
	return cmd
}
