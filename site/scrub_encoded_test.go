package site

import (
	"strings"
	"testing"
)

// TestEncodedAddresses: an address in an email header's encoded word,
// in base64 or hex, with the '@' and the dot written as their codes, or
// in ROT13, is hidden, and the page check refuses a page that shows
// one; text that only holds such a code, a hash or a long word stays.
func TestEncodedAddresses(t *testing.T) {
	t.Parallel()
	checkReaders(t, []readerCase{
		{"=?utf-8?B?amFuZS5kb2VAZ21haWwuY29t?=", false},
		{"=?UTF-8?b?amFuZS5kb2VAZ21haWwuY29t?= (ops)", false},
		{"Contact: amFuZS5kb2VAZ21haWwuY29t", false},
		{"amFuZSt4QGdtYWlsLmNvbQ==", false},
		{"amFuZSBhdCBnbWFpbCBkb3QgY29t", false},
		{"6a616e652e646f6540676d61696c2e636f6d", false},
		{"0x6a616e652e646f6540676d61696c2e636f6d", false},
		{"jane.doe 0x40 gmail 0x2E com", false},
		{"jane.doe (chr 64) gmail.com", false},
		{"jane.doe chr(64) gmail chr(46) com", false},
		{"jane.doe CHAR(64) gmail.com", false},
		{"jane.doe ASCII 64 gmail.com", false},
		{"jane.doe (64) gmail.com", false},
		{"wnar.qbr ng tznvy qbg pbz", false},
		{"wnar ng tznvy qbg pbz", false},
		{"Commodore 64 fan", true},
		{"x86 (64) bit", true},
		{"offset 0x40 in the header", true},
		{"Build 3f786850e387550fdab836ed7e6dc881de23001b", true},
		{"Member since 2019 (46 commits)", true},
		{"Maintainer of base64 and hex tools", true},
		{"JaneDoe1987", true},
		{"Infrastructure engineer, OpenStreetMap", true},
		{"ROT13 fan: uryyb jbeyq", true},
		{"=?utf-8?B?SGVsbG8gd29ybGQ=?=", true},
	})
}

// TestFindEncodedReadsAroundEachCue: the page check decodes around
// each place an encoding may start on a large page, and finds one far
// into it.
func TestFindEncodedReadsAroundEachCue(t *testing.T) {
	t.Parallel()
	page := strings.Repeat("Infrastructure engineer at Example Corp, 64 members (46 lapse). ", 20000)
	if _, loc := findEncoded(page); loc != nil {
		t.Fatalf("findEncoded finds an address in %q", page[:200])
	}
	if _, loc := findEncoded(page + " ZGFuYS53aGl0ZmllbGRAZXhhbXBsZS5vcmc= " + page); loc == nil {
		t.Error("findEncoded misses base64 in the middle of a page")
	}
}
