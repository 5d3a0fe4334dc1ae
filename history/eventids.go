package history

import "slices"

// listIDs are the ids the lists of a file's versions had: to the groups
// each named (--list takes any), and, by group, in the order they were
// met.
type listIDs struct {
	named map[string]map[string]bool
	idsOf map[string][]string
}

func newListIDs() *listIDs {
	return &listIDs{named: map[string]map[string]bool{}, idsOf: map[string][]string{}}
}

// note takes the ids of one version's preamble, versions in order.
func (n *listIDs) note(pre *preamble) {
	for id, g := range pre.groups {
		if n.named[id] == nil {
			n.named[id] = map[string]bool{}
		}
		n.named[id][g] = true
		if ids := n.idsOf[g]; g != "" && (len(ids) == 0 || ids[len(ids)-1] != id) {
			n.idsOf[g] = append(slices.DeleteFunc(ids, func(x string) bool { return x == id }), id)
		}
	}
}

// latest is the id each group's events are named by: the id its list
// has in final, the file now; for a group the file no longer has, the
// last id it had that no list of the file has now, the one --list takes
// for it (an id given since to another group's list names that list).
func (n *listIDs) latest(final *preamble) map[string]string {
	latest := map[string]string{}
	for id, g := range final.groups {
		if g != "" {
			latest[g] = id
		}
	}
	for g, ids := range n.idsOf {
		if latest[g] != "" {
			continue
		}
		for i := len(ids) - 1; i >= 0; i-- {
			if final.groups[ids[i]] == "" {
				latest[g] = ids[i]
				break
			}
		}
	}
	return latest
}
