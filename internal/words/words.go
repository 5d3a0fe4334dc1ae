// Package words holds the small helpers that make roster's messages read
// as English: "1 member", "3 members", "it is" or "they are".
package words

import "fmt"

// Count is "1 one" or "n many".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Plural is Count for a word whose plural adds an s: "1 member", "2
// members".
func Plural(n int, word string) string { return Count(n, word, word+"s") }

// Pick is one when n is 1, else many.
func Pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
