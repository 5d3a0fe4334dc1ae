package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// addressNamed is the refusal of a kept file or directory (rel, below
// the site in dir) whose name or path is shaped like an email address
// or spells one of the file's: named by its place in the site's
// directory and by whose address it is, never by its name, nor by its
// directories' ("carol/example.org.png" is an address across the two).
// The refusal is printed where the public roster is built, a log anyone
// may read (a public repository's CI), and the name is the address the
// refusal keeps from being published.
func addressNamed(dir, rel string, owner func(string) string) error {
	who := ""
	if owner != nil {
		who = owner(rel)
	}
	return fmt.Errorf("the entry at %s in the public roster's directory (each number an entry's place in its directory, in byte order of names, as LC_ALL=C ls -A lists them) is named like an email address%s, and would be published: rename it, or move it out",
		entryPlace(dir, rel), ownedBy(who))
}

// entryPlace is rel, below dir, as the place of each of its parts
// among its directory's entries, counted from 1: "3/1", the first entry
// of the third. A part that cannot be read is "?".
func entryPlace(dir, rel string) string {
	var places []string
	at := dir
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		place := "?"
		if entries, err := os.ReadDir(at); err == nil {
			for i, e := range entries {
				if e.Name() == part {
					place = strconv.Itoa(i + 1)
					break
				}
			}
		}
		places = append(places, place)
		at = filepath.Join(at, part)
	}
	return strings.Join(places, "/")
}
