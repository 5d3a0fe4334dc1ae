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
