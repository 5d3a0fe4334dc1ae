package emulator

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/roster-dev/roster/internal/atomicfile"
)

// Saving the domain to Options.StatePath: checked writable before a
// run, written beside and renamed over, and saved by one goroutine a
// little after each write, and on Close.

// writable says why the state at p could not be saved, before a run
// whose writes would then count for nothing: a link (saved state is
// written only to a file of its own), or a directory no file can be
// made in (the save writes a new file beside it, then renames it).
func writable(p string) error {
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("it is a symbolic link, and the state is written only to a file of its own: remove the link")
	}
	probe, err := os.CreateTemp(filepath.Dir(p), ".roster-probe-*")
	if err != nil {
		return err
	}
	probe.Close()
	return os.Remove(probe.Name())
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// roundTrip deep-copies a state through JSON and checks it as a file
// would be.
func roundTrip(st *State) (*State, error) {
	data, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	return ParseState("initial state", data)
}

// saver writes the state after writes, outside the lock and coalesced: a
// sync of 20,000 adds must not rewrite a 20,000-member file 20,000 times
// while every other call waits.
func (s *Server) saver() {
	defer close(s.saveDone)
	for range s.saveReq {
		time.Sleep(10 * time.Millisecond) // let a burst of writes land
		s.save()
	}
	s.save()
}

// save writes the state if it changed since the last save.
func (s *Server) save() {
	if err := s.write(); err != nil {
		s.log.Error("emulator could not save its state", "path", s.opts.StatePath, "err", err)
	}
}

// write is save, returning what went wrong.
func (s *Server) write() error {
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	data, err := json.MarshalIndent(s.st, "", "  ")
	s.dirty = false
	s.mu.Unlock()
	if err == nil {
		err = atomicfile.Write(s.opts.StatePath, append(data, '\n'), 0o600, atomicfile.Private)
	}
	return err
}

// changed marks the state for saving; called with s.mu held.
func (s *Server) changed() {
	s.dirty = true
	if s.saveReq != nil {
		select {
		case s.saveReq <- struct{}{}:
		default: // a save is already due
		}
	}
}

// Close saves the last writes and stops the saver. The server must not
// be used afterwards.
func (s *Server) Close() error {
	s.closed.Do(func() {
		if s.saveReq != nil {
			close(s.saveReq)
			<-s.saveDone
		}
	})
	return nil
}
