package history

import (
	"errors"
	"fmt"
	"path"

	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// Whether a version is one sync applied is the gate's to say, as it
// says it to sync (policies.NewGate): a version with a finding of
// Effect Stop, whatever it is about, sync refuses whole, and history
// passes over it as over one that does not parse; a list whose own
// policy fails in it (Effect Fail) sync leaves alone, and history
// gives it the members it had (carry). The gate is asked of the
// policies' structural findings (policies.Structural), which no
// vetting record's date changes; a reader of many versions asks a
// tally of them (policies.Tally), kept up to date entry by entry.

// verdict is what sync does with a version: refuses it whole for stop,
// or leaves the lists of fails alone.
type verdict struct {
	v     *version // the version judged
	stop  *policies.Finding
	fails []string // list ids, in file order
}

// judge is the verdict on v, the version the reader read last from
// data (file's text): whole is the file parsed when v was read whole,
// else nil, and the tally speaks for v. A version read again (the same
// text as the last) is not judged again.
func (rd *reader) judge(v *version, whole *members.File, file string, data []byte) verdict {
	if rd.judged.v == v {
		return rd.judged
	}
	vd := verdict{v: v}
	f := whole
	if f == nil && !rd.tally.MayStop() {
		vd.fails = rd.tally.Fails()
		rd.judged = vd
		return vd
	}
	if f == nil && rd.preStop != nil && rd.tally.PreambleStops(rd.preStopOf) {
		vd.stop = rd.preStop
		rd.judged = vd
		return vd
	}
	if f == nil {
		// The tally saw what sync may refuse the version for: which
		// finding it is, with its line, the whole file says.
		name := path.Base(file)
		var err error
		if f, err = members.Parse(name, data); err != nil {
			stop := policies.FromParseError(name, err)[0]
			vd.stop = &stop
			rd.judged = vd
			return vd
		}
	}
	vd.stop, vd.fails = gateOf(f)
	rd.judged = vd
	if whole == nil && vd.stop != nil && vd.stop.Member == "" && rd.tally.PreambleStops(rd.tally.Preamble()) {
		rd.preStop, rd.preStopOf = vd.stop, rd.tally.Preamble()
	}
	return vd
}

// gateOf is the gate's verdict on f: the first finding for which sync
// refuses it whole, or else the lists whose own policy fails in it.
func gateOf(f *members.File) (*policies.Finding, []string) {
	g := policies.NewGate(policies.Structural(f))
	if len(g.Stop) > 0 {
		stop := g.Stop[0]
		return &stop, nil
	}
	var fails []string
	for _, l := range f.Lists {
		if g.ListFails(l.ID) != "" {
			fails = append(fails, l.ID)
		}
	}
	return nil, fails
}

// refusedFor is the problem of the version at r, which sync refuses
// whole for the finding stop: a version that does not parse, for every
// reader.
func refusedFor(r Revision, stop policies.Finding) error {
	return refusedWhole(fmt.Sprintf("%s at %s: sync refuses it whole: %s", r.Path, r.Short(), stop.Plain()))
}

// refusedWhole is a version sync refuses whole though it parses: read
// as one that does not parse (errors.Is ErrUnparsable), and said as
// what it is.
type refusedWhole string

func (e refusedWhole) Error() string        { return string(e) }
func (e refusedWhole) Is(target error) bool { return target == ErrUnparsable }

// RefusedWhole reports whether err is a version that parses but that
// sync refuses whole (a stop finding): what a note says of it, where
// it would say of another that it does not parse.
func RefusedWhole(err error) bool {
	var r refusedWhole
	return errors.As(err, &r)
}

// WhyPassedOver says, for a note, why a version was passed over: err is
// the version's problem (Revision.Skipped's, or a read's).
func WhyPassedOver(err error) string {
	switch {
	case errors.Is(err, ErrDeleted):
		return "is deleted"
	case RefusedWhole(err):
		return "is one sync refuses whole"
	}
	return "does not parse"
}
