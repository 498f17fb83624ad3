package emulator

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// SetStateFile makes the fake save its whole state to path, in the seed
// format with every secret kept, now and after every change, so that an
// emulator started again with the file as its seed carries on where it
// stopped (cmd/fakegraph -state).
func (s *Server) SetStateFile(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stateFile = path
	return s.persist()
}

// persist writes the state file, if there is one. The caller holds s.mu.
// The file is replaced in one rename, so a crash never leaves half of it.
func (s *Server) persist() error {
	if s.stateFile == "" {
		return nil
	}
	b, err := json.MarshalIndent(s.st.export(func(v string) string { return v }), "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.stateFile), ".fakegraph-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), s.stateFile)
}
