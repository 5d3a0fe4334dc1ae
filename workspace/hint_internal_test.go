package workspace

import (
	"testing"
)

// TestInContext: a command line in a message gets the run's context once,
// however often the message passes through.
func TestInContext(t *testing.T) {
	w := New(Env{Context: Context{File: "lists/a b.toml", Live: []string{"--emulator"}}})
	msg := "no vetting record; add one with 'roster vet ada@example.org --by WHO' or 'roster plan'"
	// The path is quoted without quotes, so that the message's own
	// quotes still delimit each command.
	want := `no vetting record; add one with 'roster vet --file lists/a\ b.toml ada@example.org --by WHO' or 'roster plan --file lists/a\ b.toml --emulator'`
	got := w.inContext(msg)
	if got != want {
		t.Errorf("inContext:\n got %s\nwant %s", got, want)
	}
	if again := w.inContext(got); again != got {
		t.Errorf("inContext twice:\n%s", again)
	}
	// Live flags other than --emulator and --endpoint, too.
	keyed := New(Env{Context: Context{Live: []string{"--credentials", "key.json", "--subject", "admin@example.org"}}})
	once := keyed.inContext("run 'roster plan'")
	if once != "run 'roster plan --credentials key.json --subject admin@example.org'" || keyed.inContext(once) != once {
		t.Errorf("inContext with credentials: %s, then %s", once, keyed.inContext(once))
	}
	if plain := New(Env{}).inContext(msg); plain != msg {
		t.Errorf("no context: %s", plain)
	}
	// An address with a quote, written as \' by shell.Quote, and one
	// that starts with '-', after "--": the context goes before it.
	msg = `add one with 'roster vet o\'brien@example.org --by WHO' or 'roster vet --by WHO -- -dash@example.org'`
	want = `add one with 'roster vet --file lists/a\ b.toml o\'brien@example.org --by WHO' or 'roster vet --file lists/a\ b.toml --by WHO -- -dash@example.org'`
	if got := w.inContext(msg); got != want {
		t.Errorf("inContext:\n got %s\nwant %s", got, want)
	}
}

// TestHintOfAuditAndSite: audit and site read the live groups only with
// --live, and refuse the flags that reach them without it: a hint of
// either carries those flags only when it has --live, so that it runs
// as printed.
func TestHintOfAuditAndSite(t *testing.T) {
	c := Context{File: "m.toml", Live: []string{"--emulator"}}
	for _, tc := range []struct {
		got, want string
	}{
		{c.Command("audit"), "roster audit --file m.toml"},
		{c.Command("audit", "--at", "2026-01-01"), "roster audit --at 2026-01-01 --file m.toml"},
		{c.Command("audit", "--live"), "roster audit --live --file m.toml --emulator"},
		{c.Command("site", "--out", "s"), "roster site --out s --file m.toml"},
		{c.Command("plan"), "roster plan --file m.toml --emulator"},
		{c.Rewrite("run 'roster audit --upcoming 60d'"), "run 'roster audit --file m.toml --upcoming 60d'"},
		{c.Rewrite("run 'roster audit --live'"), "run 'roster audit --file m.toml --emulator --live'"},
		// A $'...' word (a control character) does not end the command.
		// (The note quotes a command: it is the note's text, not a
		// command to rewrite.)
		{c.Rewrite("run 'roster vet a@example.org --note $'a\\nsee \\'roster audit\\'' --by x', then sync"), "run 'roster vet --file m.toml a@example.org --note $'a\\nsee \\'roster audit\\'' --by x', then sync"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}
