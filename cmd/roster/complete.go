package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/internal/shell"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/vetting"
)

// completionFlag is what the shell scripts append to ask roster what may
// come next.
const completionFlag = "--generate-bash-completion"

func isCompletion(args []string) bool {
	return len(args) > 1 && args[len(args)-1] == completionFlag
}

// complete prints what may come next after the words typed so far: the
// commands, a command's flags, a flag's values (list ids, the formats
// the command offers, vetting methods), or member addresses, from the
// members file. It never runs a command, whatever the words are
// ("roster sync --emulator --" included). The last word is the one being
// completed (the scripts pass it, empty when nothing is typed yet); in
// the form --flag=VALUE, its value is completed, each candidate printed
// whole ("--list=advance-warning"). After a flag whose values roster
// does not know (--file, --out), it prints nothing: the shell completes
// file names.
func complete(e *env, app *cli.App, args []string) {
	words := args[1 : len(args)-1]
	cur := ""
	if n := len(words); n > 0 {
		cur, words = words[n-1], words[:n-1]
	}
	var cmd *cli.Command
	var positional, lists []string
	file := ""
	pending := "" // the flag the word being completed is the value of
	for i := 0; i < len(words); i++ {
		w := words[i]
		if isFlag(w) && w != "--" {
			name, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			name, takes := valueFlag(app, cmd, name)
			if takes && !hasValue {
				if i+1 == len(words) {
					pending = name
					break
				}
				i++
				value = words[i]
			}
			switch name {
			case "file":
				file = shell.Unquote(value, e.getenv("HOME"))
			case "list":
				id, _, _ := strings.Cut(value, ":")
				lists = append(lists, id)
			}
			continue
		}
		if cmd == nil {
			cmd = findCommand(app, w)
			continue
		}
		positional = append(positional, w)
	}
	prefix := ""
	if name, value, ok := strings.Cut(cur, "="); ok && pending == "" && isFlag(name) {
		if canonical, takes := valueFlag(app, cmd, strings.TrimLeft(name, "-")); takes {
			pending, prefix, cur = canonical, name+"=", value
		}
	}
	var out []string
	switch {
	case pending != "":
		out = flagValues(e, cmd, pending, file, lists, positional)
	case cmd == nil && strings.HasPrefix(cur, "-"):
		// urfave/cli adds --help when it runs.
		out = append(flagNames(app.Flags), "--help")
	case cmd == nil:
		for _, c := range app.Commands {
			if !c.Hidden {
				out = append(out, c.Name)
			}
		}
	case strings.HasPrefix(cur, "-"):
		// The global flags may follow the command (roster plan --verbose).
		out = append(append(flagNames(cmd.Flags), flagNames(app.Flags)...), "--help")
	default:
		out = argumentValues(e, cmd, file, lists, positional)
	}
	sort.Strings(out)
	out = slices.Compact(out)
	for _, c := range out {
		if strings.HasPrefix(c, cur) {
			fmt.Fprintln(e.stdout, prefix+c)
		}
	}
}

// valueFlag returns the first name of the flag name (of cmd, or global;
// before the command, of any command) and whether it takes a value.
func valueFlag(app *cli.App, cmd *cli.Command, name string) (string, bool) {
	t := commandFlagTable(app)
	if cmd != nil {
		t = flagTable(cmd.Flags)
	}
	f, ok := t[name]
	if !ok {
		f, ok = globalTable(app)[name]
	}
	return f.canonical, ok && f.takes
}

func flagNames(flags []cli.Flag) []string {
	var out []string
	for _, f := range flags {
		if d, ok := f.(cli.VisibleFlag); ok && !d.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			if len(n) > 1 {
				out = append(out, "--"+n)
			}
		}
	}
	return out
}

// flagValues offers the values of the flag (by its first name) that fit
// here: list ids (with roles, for add), the formats cmd offers, member
// addresses, the vetting methods of the lists concerned; nothing for a
// flag whose values roster does not know.
func flagValues(e *env, cmd *cli.Command, flag, file string, lists, positional []string) []string {
	switch flag {
	case "format":
		var out []string
		for _, f := range formatsOf(cmd) {
			out = append(out, string(f))
		}
		return out
	case "log-format":
		return []string{"text", "json"}
	}
	f := e.completionFile(file)
	if f == nil {
		return nil
	}
	switch flag {
	case "list":
		var out []string
		for _, l := range f.Lists {
			out = append(out, l.ID)
			if cmd != nil && cmd.Name == "add" {
				for _, r := range []string{"owner", "manager", "member"} {
					out = append(out, l.ID+":"+r)
				}
			}
		}
		return out
	case "member":
		return addresses(f)
	case "by":
		return vetters(f, lists, positional)
	case "method":
		return methods(f, lists, positional)
	}
	return nil
}

// methods are the vetting methods of the policies of the lists
// concerned: those given with --list, and those the member named by the
// first argument is on; of every policy when neither names a list.
func methods(f *members.File, lists, positional []string) []string {
	if len(positional) > 0 {
		if m := f.FindMember(positional[0]); m != nil {
			for _, ms := range m.Lists {
				lists = append(lists, ms.List)
			}
		}
	}
	ps := f.Policies
	if len(lists) > 0 {
		ps = nil
		for _, id := range lists {
			if l := f.List(id); l != nil && f.PolicyOf(l) != nil {
				ps = append(ps, f.PolicyOf(l))
			}
		}
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.VettingMethods...)
	}
	return out
}

// argumentValues offers the command's arguments: the members' addresses
// as EMAIL (for role and remove with --list, those on every list named;
// for add, those not yet on them), a role, a shell; nothing else (the
// shell completes file names itself).
func argumentValues(e *env, cmd *cli.Command, file string, lists, positional []string) []string {
	switch cmd.Name {
	case "vet", "remove", "add", "role":
		if len(positional) == 0 {
			f := e.completionFile(file)
			switch {
			case f == nil || len(lists) == 0 || cmd.Name == "vet":
				return addresses(f)
			case cmd.Name == "add":
				return addressesOn(f, lists, false)
			}
			return addressesOn(f, lists, true)
		}
		if cmd.Name == "role" && len(positional) == 1 {
			return []string{"owner", "manager", "member"}
		}
	case "completion":
		if len(positional) == 0 {
			return []string{"bash", "zsh", "fish"}
		}
	}
	return nil
}

// vetters are how --by names a vetter: the GitHub handle the file gives
// a member, or their address when it gives none; never the member the
// first argument names, who may not vet themself. Where policies decide
// (the --list lists given, as add checks them; else the member's own,
// as vet does), only those one of them lets vet: on the list, with the
// role vetted_by asks.
func vetters(f *members.File, lists, positional []string) []string {
	var self *members.Member
	if len(positional) > 0 {
		self = f.FindMember(positional[0])
	}
	ids := lists
	if len(ids) == 0 && self != nil {
		for _, ms := range self.Lists {
			ids = append(ids, ms.List)
		}
	}
	may := func(*members.Member) bool { return true }
	people := vetting.NewPeople(f)
	ok := map[*members.Member]bool{}
	decided := false
	for _, id := range ids {
		l := f.List(id)
		if l == nil || f.PolicyOf(l) == nil {
			continue
		}
		decided = true
		req := vetting.RequirementFor(l, f.PolicyOf(l), people)
		for _, other := range f.MembersOf(l.ID) {
			if role, _ := other.RoleOn(l.ID); role.AtLeast(req.VettedBy) {
				ok[other] = true
			}
		}
	}
	if decided {
		may = func(m *members.Member) bool { return ok[m] }
	}
	out := make([]string, 0, len(f.Members))
	for _, m := range f.Members {
		switch {
		case m == self || !may(m):
		case m.GitHub != "":
			out = append(out, m.GitHub)
		default:
			out = append(out, m.Email)
		}
	}
	return out
}

// addressesOn are the addresses of the members who are on every one of
// lists (on), or on none of them (!on).
func addressesOn(f *members.File, lists []string, on bool) []string {
	var out []string
	for _, m := range f.Members {
		n := 0
		for _, id := range lists {
			if _, ok := m.RoleOn(id); ok {
				n++
			}
		}
		if on && n == len(lists) || !on && n == 0 {
			out = append(out, m.Email)
		}
	}
	return out
}

func addresses(f *members.File) []string {
	if f == nil {
		return nil
	}
	out := make([]string, 0, len(f.Members))
	for _, m := range f.Members {
		out = append(out, m.Email)
	}
	return out
}

// completionFile reads the members file for completion, quietly: a
// missing or broken file completes nothing.
func (e *env) completionFile(file string) *members.File {
	if file == "" {
		file = e.getenv("ROSTER_FILE")
	}
	if file == "" {
		file = "members.toml"
	}
	if e.workdir != "" && !filepath.IsAbs(file) {
		file = filepath.Join(e.workdir, file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	f, err := members.Parse(file, data)
	if err != nil {
		return nil
	}
	return f
}

// bashCompletion, zshCompletion and fishCompletion ask roster itself
// what may come next.
//
// bash splits the words it completes at the characters of
// COMP_WORDBREAKS, ':' and '=' among them by default: "--list aw:ow"
// reaches COMP_WORDS as "aw" ":" "ow", and "--list=a" as "--list" "="
// "a". The script joins back what the line writes without a space
// between around a ':' or '=' (as bash-completion's
// _get_comp_words_by_ref -n =: does), asks roster about the whole word,
// and hands bash each candidate less what ends at the word's last ':' or
// '=' that COMP_WORDBREAKS holds: readline replaces only what follows it
// (as __ltrim_colon_completions does).
const bashCompletion = `# bash completion for roster; load with:  source <(roster completion bash)
_roster_complete() {
  local line="${COMP_LINE:0:COMP_POINT}" w i n=0 trimmed drop=""
  local -a words=() found=()
  for ((i = 0; i <= COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    trimmed="${line#"${line%%[![:space:]]*}"}"
    if ((n > 0)) && [[ ${#trimmed} == "${#line}" && ( $w == [:=]* || ${words[n-1]} == *[:=] ) ]]; then
      words[n-1]="${words[n-1]}$w"
    else
      words[n]="$w"
      n=$((n + 1))
    fi
    line="${trimmed:${#w}}"
  done
  local cur="${words[n-1]}"
  for ((i = ${#cur} - 1; i >= 0; i--)); do
    w="${cur:i:1}"
    if [[ ( $w == : || $w == = ) && $COMP_WORDBREAKS == *"$w"* ]]; then
      drop="${cur:0:i+1}"
      break
    fi
  done
  while IFS= read -r w; do
    [[ $w == "$cur"* ]] && found+=("${w#"$drop"}")
  done < <("${words[@]}" --generate-bash-completion 2>/dev/null)
  COMPREPLY=("${found[@]}")
  return 0
}
complete -o bashdefault -o default -F _roster_complete roster
`

// zsh's _describe reads "value:description": a ':' in a candidate
// (security-reports:owner) is escaped, or zsh offers "security-reports".
const zshCompletion = `#compdef roster
# zsh completion for roster; load with:  source <(roster completion zsh)
_roster() {
  local -a opts words_before
  local cur=${words[CURRENT]}
  words_before=("${(@)words[1,CURRENT-1]}" "$cur")
  opts=("${(@f)$("${words_before[@]}" --generate-bash-completion 2>/dev/null)}")
  if [[ "${opts[1]}" != "" ]]; then
    opts=("${(@)opts//:/\\:}")
    _describe 'values' opts
  else
    _files
  fi
}
compdef _roster roster
`

// fish offers file names when roster has nothing to offer (after --file,
// --out).
const fishCompletion = `# fish completion for roster; save as ~/.config/fish/completions/roster.fish
function __roster_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l found ($words --generate-bash-completion 2>/dev/null)
    if test (count $found) -gt 0
        printf '%s\n' $found
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c roster -f -a '(__roster_complete)'
`

func completionScript(e *env, shell string) error {
	scripts := map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}
	script, ok := scripts[shell]
	if !ok {
		return fmt.Errorf("completion %s: roster completes bash, zsh and fish", shell)
	}
	_, err := io.WriteString(e.stdout, script)
	return err
}
