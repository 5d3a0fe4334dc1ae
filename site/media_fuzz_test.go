package site

import (
	"strings"
	"testing"
)

// FuzzMediaText: no image or font, however malformed, panics the reader
// of a public roster's kept files, and none inflates past its budget.
func FuzzMediaText(f *testing.F) {
	for _, seed := range []string{
		"\x89PNG\r\n\x1a\n\x00\x00\x00\x05zTXtk\x00\x00x\x9c\x00\x00\x00\x00IEND",
		"\xff\xd8\xff\xfe\x00\x05abc\xff\xda\x00\x02\xff\x00\xff\xd9trailer",
		"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xfe\x03abc\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
		"\x00\x00\x01\x00\x01\x00\x10\x10\x00\x00\x01\x00\x20\x00\x10\x00\x00\x00\x16\x00\x00\x00",
		"\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00name\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x04abcd",
		"wOFF\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	} {
		for k := range uint8(8) {
			f.Add([]byte(seed), k)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		name := []string{"x.png", "x.jpg", "x.gif", "x.ico", "x.woff", "x.ttf", "x.otf", "x.html"}[int(kind)%8]
		text, ok := mediaText(name, data)
		if ok && len(text) > len(data)+mediaTextLimit+64*len(data) {
			t.Fatalf("%d bytes read as %d", len(data), len(text))
		}
	})
}

// TestMediaTextJoinsWhatToolsJoin: a GIF extension's sub-blocks and a
// JPEG's segments of one kind are read joined, as exiftool shows them:
// an address split over two reads as one, whatever the bytes between
// them (length bytes, segment headers) make of the file's own reading.
func TestMediaTextJoinsWhatToolsJoin(t *testing.T) {
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00" + "!\xfe\x09jane.doe@\x0dmail.example\x00" + ";")
	jpeg := []byte("\xff\xd8" + "\xff\xfe\x00\x0bjane.doe@" + "\xff\xe1\x00\x06zzzz" + "\xff\xfe\x00\x0email.example" + "\xff\xd9")
	for name, data := range map[string][]byte{"x.gif": gif, "x.jpg": jpeg} {
		text, ok := mediaText(name, data)
		if !ok || !strings.Contains(string(text), "jane.doe@mail.example") {
			t.Errorf("%s read as %q", name, text)
		}
	}
}
