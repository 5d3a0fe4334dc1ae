package site_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/roster-dev/roster/site"
)

// browserEnv is the variable CI sets to "require" so that a missing
// browser fails the browser tests instead of skipping them.
const browserEnv = "ROSTER_BROWSER_TESTS"

// findBrowser returns the path of Chromium (or Chrome), or skips the test
// with how to install it; with ROSTER_BROWSER_TESTS=require it fails.
func findBrowser(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium to run the browser tests; install it with: apt-get install -y chromium"
	if os.Getenv(browserEnv) == "require" {
		t.Fatal(msg + " (" + browserEnv + "=require)")
	}
	t.Skip(msg)
	return ""
}

// problems collects what a person would notice went wrong on a page: a
// console error, an uncaught exception, an error in the browser's log, a
// request that failed or got an error status.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// take returns the problems seen so far and forgets them.
func (p *problems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.list
	p.list = nil
	return out
}

func (p *problems) listen(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p.add("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		p.add("exception: %s", ev.ExceptionDetails.Text)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p.add("log %s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		p.add("request failed: %s %s (blocked: %q)", ev.Type, ev.ErrorText, ev.BlockedReason)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p.add("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	}
}

// startBrowser starts a headless Chromium that reaches nothing but
// loopback, with a new profile, and returns a tab whose problems are
// collected. timeout bounds everything done in the tab, so that a hung
// browser fails the test rather than the package's time limit.
func startBrowser(t testing.TB, timeout time.Duration) (context.Context, *problems) {
	t.Helper()
	path := findBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		// Without these Chromium dials out for updates, sync and field
		// trials, and a closed network refuses it loudly.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.WindowSize(1200, 900),
	)
	t.Cleanup(cancelAlloc)
	p := &problems{}
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithListener(p.listen))
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return tab, p
}

// serve serves dir on 127.0.0.1 and counts the requests it gets.
func serve(t testing.TB, dir string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		files.ServeHTTP(w, r)
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &hits
}

func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

// TestBrowser opens the small site, private and public, in Chromium and
// checks what a person sees there.
func TestBrowser(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, kind := range []string{"private", "public"} {
		if err := site.Build(filepath.Join(root, kind), smallInput(t, kind == "public")); err != nil {
			t.Fatal(err)
		}
	}
	srv, _ := serve(t, root)
	outside, outsideHits := serve(t, t.TempDir())
	ctx, seen := startBrowser(t, time.Minute)

	clean := func(t *testing.T, page string) {
		t.Helper()
		for _, p := range seen.take() {
			t.Errorf("%s: %s", page, p)
		}
	}

	t.Run("the index lists every list, styled, with its size", func(t *testing.T) {
		navigate(t, ctx, srv.URL+"/private/index.html")
		names := eval[[]string](t, ctx, `[...document.querySelectorAll("table.lists tbody th a")].map(a => a.innerText)`)
		if diff := cmp.Diff([]string{"security-reports", "advance-warning"}, names); diff != "" {
			t.Errorf("list names (-want +got):\n%s", diff)
		}
		sizes := eval[[]string](t, ctx, `[...document.querySelectorAll("table.lists tbody tr")].map(r => r.querySelector("td.size").innerText.trim())`)
		if diff := cmp.Diff([]string{"3 of 4", "6 (no cap)"}, sizes); diff != "" {
			t.Errorf("sizes (-want +got):\n%s", diff)
		}
		// The style block ran: the CSP's hash matches it.
		if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("table")).borderCollapse`); got != "collapse" {
			t.Errorf("the style block did not apply (border-collapse %q): its hash is not the one in the CSP", got)
		}
		clean(t, "index.html")
	})

	t.Run("the chart shows one point per change, where a person sees it", func(t *testing.T) {
		navigate(t, ctx, srv.URL+"/private/list-security-reports.html")
		type pt struct {
			Date string  `json:"date"`
			Size int     `json:"size"`
			Top  float64 `json:"top"`
			W    float64 `json:"w"`
		}
		pts := eval[[]pt](t, ctx, `[...document.querySelectorAll("svg.chart circle.point")].map(c => {
			const r = c.getBoundingClientRect();
			return {date: c.dataset.date, size: +c.dataset.size, top: r.top + r.height / 2, w: r.width};
		})`)
		var got []string
		for _, p := range pts {
			got = append(got, fmt.Sprintf("%s=%d", p.Date, p.Size))
			if p.W < 4 {
				t.Errorf("point %s is %.1fpx wide: not visible", p.Date, p.W)
			}
		}
		want := []string{"2026-01-10=2", "2026-01-20=3", "2026-02-01=4", "2026-02-15=3"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("points (-want +got):\n%s", diff)
		}
		// A larger list is drawn higher.
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			if (b.Size > a.Size) != (b.Top < a.Top) {
				t.Errorf("%s (%d) is drawn at y=%.1f and %s (%d) at y=%.1f", a.Date, a.Size, a.Top, b.Date, b.Size, b.Top)
			}
		}
		// The cap line is at the height of a point of the cap's size.
		capY := eval[float64](t, ctx, `(r => r.top + r.height / 2)(document.querySelector("svg.chart path.cap").getBoundingClientRect())`)
		if d := capY - pts[2].Top; d < -1 || d > 1 {
			t.Errorf("the cap line is at y=%.1f, the point of 4 at y=%.1f", capY, pts[2].Top)
		}
		// The text alternative: the chart is an image named by its title
		// and description, and its data table has the same rows.
		label := eval[string](t, ctx, `(s => s.getAttribute("role") + ": " + ["aria-labelledby", "aria-describedby"].map(a => document.getElementById(s.getAttribute(a)).textContent).join(" / "))(document.querySelector("svg.chart"))`)
		if !strings.HasPrefix(label, "img: Size of security-reports over time / From 2026-01-10") {
			t.Errorf("the chart is announced as %q", label)
		}
		rows := eval[[]string](t, ctx, `[...document.querySelectorAll("table.points tbody tr")].map(r => r.cells[0].textContent + "=" + r.cells[1].textContent)`)
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("the chart's table (-want +got):\n%s", diff)
		}
		clean(t, "list-security-reports.html")
	})

	t.Run("lapses are listed soonest first", func(t *testing.T) {
		navigate(t, ctx, srv.URL+"/private/list-advance-warning.html")
		rows := eval[[]string](t, ctx, `[...document.querySelectorAll("table.lapses tbody tr")].map(r => r.cells[0].innerText + " " + r.cells[1].innerText + " " + r.cells[2].innerText)`)
		want := []string{
			"2026-03-01 lapsed Carol Example\ncarol-sec · carol@example.org",
			"2026-06-01 47 Bob Vendor\nbob@vendor.example",
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("lapses (-want +got):\n%s", diff)
		}
		clean(t, "list-advance-warning.html")
	})

	t.Run("a public page shows no address", func(t *testing.T) {
		for _, page := range []string{"index.html", "list-security-reports.html", "list-advance-warning.html"} {
			navigate(t, ctx, srv.URL+"/public/"+page)
			text := eval[string](t, ctx, `document.body.innerText + "\n" + document.documentElement.outerHTML`)
			if m := emailLike.FindAllString(text, -1); m != nil {
				t.Errorf("%s shows %q", page, m)
			}
			if !strings.Contains(text, "Ada Example") {
				t.Errorf("%s: the public page does not show the owners' names", page)
			}
			clean(t, page)
		}
	})

	t.Run("the CSP blocks a request that an injected element makes", func(t *testing.T) {
		navigate(t, ctx, srv.URL+"/private/list-advance-warning.html")
		clean(t, "before the injection")
		violations := eval[[]string](t, ctx, `new Promise(resolve => {
			const seen = [];
			document.addEventListener("securitypolicyviolation", e => seen.push(e.effectiveDirective + " " + e.blockedURI));
			const img = document.createElement("img");
			img.src = "`+outside.URL+`/pixel.png";
			document.body.appendChild(img);
			const link = document.createElement("link");
			link.rel = "stylesheet";
			link.href = "`+outside.URL+`/style.css";
			document.head.appendChild(link);
			fetch("`+outside.URL+`/data").catch(() => {});
			setTimeout(() => resolve(seen), 500);
		})`)
		slices.Sort(violations)
		want := []string{
			"connect-src " + outside.URL + "/data",
			"img-src " + outside.URL + "/pixel.png",
			"style-src-elem " + outside.URL + "/style.css",
		}
		if diff := cmp.Diff(want, violations); diff != "" {
			t.Errorf("CSP violations (-want +got):\n%s", diff)
		}
		if n := outsideHits.Load(); n != 0 {
			t.Errorf("the other server got %d requests", n)
		}
		// The browser said so: these are the problems the other tests
		// would have failed on.
		if got := seen.take(); len(got) == 0 {
			t.Error("the blocked requests left no trace in the console or the network log; the listener would miss real ones")
		}
	})
}
