package plan

import "sync"

// madeMembers are the members a run's adds made on one list: id -> the
// address of the file entry that made them.
type madeMembers struct {
	mu sync.Mutex
	by map[string]string
}

func (m *madeMembers) note(id, email string) {
	if m == nil || id == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.by[id] = email
}

func (m *madeMembers) of(id string) string {
	if m == nil || id == "" {
		return ""
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.by[id]
}
