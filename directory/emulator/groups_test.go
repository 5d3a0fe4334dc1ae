package emulator_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/roster-dev/roster/directory/emulator"
)

// TestGroupsThroughGoogleClient drives the emulator's groups methods with
// Google's own client: the shapes must decode as Google's do (a string
// directMembersCount, paging that ends).
func TestGroupsThroughGoogleClient(t *testing.T) {
	emu, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()
	ctx := context.Background()
	svc, err := admin.NewService(ctx, option.WithEndpoint(srv.URL+"/"), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		g, err := svc.Groups.Insert(&admin.Group{Email: "g" + strconv.Itoa(i) + "@example.org", Name: "Group"}).Context(ctx).Do()
		if err != nil || g.Id == "" {
			t.Fatalf("insert: %v %+v", err, g)
		}
	}
	if _, err := svc.Groups.Insert(&admin.Group{Email: "G0@example.org"}).Context(ctx).Do(); !isCode(err, http.StatusConflict) {
		t.Errorf("duplicate group: %v", err)
	}
	if _, err := svc.Members.Insert("g0@example.org", &admin.Member{Email: "a@example.org"}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	g, err := svc.Groups.Get("g0@example.org").Context(ctx).Do()
	if err != nil || g.DirectMembersCount != 1 {
		t.Fatalf("get: %v %+v", err, g)
	}
	var seen int
	err = svc.Groups.List().Customer("my_customer").MaxResults(2).Pages(ctx, func(p *admin.Groups) error {
		seen += len(p.Groups)
		return nil
	})
	if err != nil || seen != 5 {
		t.Fatalf("list: %v, %d groups", err, seen)
	}
	if _, err := svc.Groups.Get("nope@example.org").Context(ctx).Do(); !isCode(err, http.StatusNotFound) {
		t.Errorf("missing group: %v", err)
	}
	has, err := svc.Members.HasMember("g0@example.org", "a@example.org").Context(ctx).Do()
	if err != nil || !has.IsMember {
		t.Errorf("hasMember: %v %+v", err, has)
	}
	// Only the stored spelling: Google does not fold case here.
	if has, err := svc.Members.HasMember("g0@example.org", "A@Example.org").Context(ctx).Do(); err != nil || has.IsMember {
		t.Errorf("hasMember by another spelling: %v %+v", err, has)
	}
	if _, err := svc.Members.HasMember("g0@example.org", "someone@elsewhere.net").Context(ctx).Do(); !isCode(err, http.StatusBadRequest) {
		t.Errorf("hasMember of an external address: %v, want 400", err)
	}
	m, err := svc.Members.Get("g0@example.org", "a@example.org").Context(ctx).Do()
	if err != nil || m.DeliverySettings != "ALL_MAIL" {
		t.Errorf("get member: %v %+v", err, m)
	}
	if _, err := svc.Members.Update("g0@example.org", m.Id, &admin.Member{Role: "MANAGER"}).Context(ctx).Do(); err != nil {
		t.Errorf("update: %v", err)
	}
	if _, err := svc.Members.List("g0@example.org").MaxResults(201).Context(ctx).Do(); !isCode(err, http.StatusBadRequest) {
		t.Errorf("maxResults 201: %v", err)
	}
}

func isCode(err error, code int) bool {
	var gerr *googleapi.Error
	return errors.As(err, &gerr) && gerr.Code == code
}
