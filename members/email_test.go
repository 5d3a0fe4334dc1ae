package members

import (
	"errors"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in       string
		ok       bool
		identity string
		mailbox  string
	}{
		{"ada@example.org", true, "ada@example.org", "ada@example.org"},
		{"Ada.Lovelace@Example.ORG", true, "ada.lovelace@example.org", "ada.lovelace@example.org"},
		{"ada+sec@example.org", true, "ada+sec@example.org", "ada@example.org"},
		{"A.D.A@gmail.com", true, "ada@gmail.com", "ada@gmail.com"},
		{"a.d.a+x@googlemail.com", true, "ada+x@gmail.com", "ada@gmail.com"},
		{"o'brien@example.org", true, "o'brien@example.org", "o'brien@example.org"},
		{"x@sub.example.co.uk", true, "x@sub.example.co.uk", "x@sub.example.co.uk"},
		{"jürgen@example.org", true, "jürgen@example.org", "jürgen@example.org"},
		{"", false, "", ""},
		{"ada", false, "", ""},
		{"ada@", false, "", ""},
		{"@example.org", false, "", ""},
		{"ada@@example.org", false, "", ""},
		{"a@b@example.org", false, "", ""},
		{".ada@example.org", false, "", ""},
		{"ada.@example.org", false, "", ""},
		{"a..da@example.org", false, "", ""},
		{"ada@localhost", false, "", ""},
		{"ada@example..org", false, "", ""},
		{"ada@-example.org", false, "", ""},
		{"ada@example.org.", false, "", ""},
		{"ada@127.0.0.1", false, "", ""},
		{" ada@example.org", false, "", ""},
		{"Ada <ada@example.org>", false, "", ""},
		{`"ada"@example.org`, false, "", ""},
		{"ada\u200b@example.org", false, "", ""},
		{"ada\uff20example.org", false, "", ""},
		{"ada@exa_mple.org", false, "", ""},
		{"ada\x00@example.org", false, "", ""},
		{"ada\xff@example.org", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseAddress(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseAddress(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidEmail) {
					t.Errorf("error %v does not wrap ErrInvalidEmail", err)
				}
				return
			}
			if got := a.Identity(); got != tt.identity {
				t.Errorf("Identity() = %q, want %q", got, tt.identity)
			}
			if got := a.Mailbox(); got != tt.mailbox {
				t.Errorf("Mailbox() = %q, want %q", got, tt.mailbox)
			}
		})
	}
}

func TestAddressConfusable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ada@example.org", false},
		{"jürgen@example.org", false},     // Latin with a diacritic is one script
		{"аса@example.org", false},        // all Cyrillic: not mixed (non-ASCII rule catches it)
		{"ada@exаmple.org", true},         // Cyrillic а among Latin letters
		{"pаypal@example.org", true},      // same, in the local part
		{"ada@xn--80ak6aa92e.com", false}, // punycode is ASCII
	}
	for _, tt := range tests {
		a, err := ParseAddress(tt.in)
		if err != nil {
			t.Fatalf("ParseAddress(%q): %v", tt.in, err)
		}
		if got := a.Confusable() != ""; got != tt.want {
			t.Errorf("Confusable(%q) = %q, want confusable=%v", tt.in, a.Confusable(), tt.want)
		}
	}
}

func TestDomainMatches(t *testing.T) {
	tests := []struct {
		domain, pattern string
		want            bool
	}{
		{"example.org", "example.org", true},
		{"lists.Example.org", "example.org", true},
		{"badexample.org", "example.org", false},
		{"example.org", "@example.org", true},
		{"example.org.evil.com", "example.org", false},
	}
	for _, tt := range tests {
		if got := DomainMatches(tt.domain, tt.pattern); got != tt.want {
			t.Errorf("DomainMatches(%q, %q) = %v, want %v", tt.domain, tt.pattern, got, tt.want)
		}
	}
}

func TestParseValidity(t *testing.T) {
	tests := []struct {
		in   string
		days int
		ok   bool
	}{
		{"365d", 365, true}, {"52w", 364, true}, {"2y", 730, true}, {"1d", 1, true},
		{"", 0, false}, {"d", 0, false}, {"0d", 0, false}, {"-5d", 0, false}, {"+5d", 0, false},
		{"12mo", 0, false}, {"1 year", 0, false}, {"365", 0, false}, {"200y", 0, false},
	}
	for _, tt := range tests {
		v, err := ParseValidity(tt.in)
		if (err == nil) != tt.ok || v.Days != tt.days {
			t.Errorf("ParseValidity(%q) = %v, %v; want %d days, ok=%v", tt.in, v.Days, err, tt.days, tt.ok)
		}
	}
}
