// Package testkey makes throwaway service-account keys for tests and
// benchmarks, and finds their fragments in output: proof that a key never
// leaks into roster's output or logs.
package testkey

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"strings"
	"sync"
)

// generated is the RSA key every ServiceAccount of a process carries:
// generated once (a 2048-bit key costs a second of CPU under the race
// detector, and a suite asks for dozens), never written anywhere.
var generated = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// ServiceAccount returns a service-account key file, with an RSA key
// generated for this process and the given token endpoint, and the key's
// PEM text: for tests that the key never appears in roster's output or
// logs.
func ServiceAccount(tokenURI string) (keyFile []byte, privateKeyPEM string, err error) {
	k, err := generated()
	if err != nil {
		return nil, "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, "", err
	}
	privateKeyPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	keyFile, err = json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "roster-test",
		"private_key_id": "0123456789abcdef",
		"private_key":    privateKeyPEM,
		"client_email":   "roster@roster-test.iam.gserviceaccount.com",
		"client_id":      "123456789",
		"token_uri":      tokenURI,
	})
	return keyFile, privateKeyPEM, err
}

// SecretFragments returns pieces of a PEM key's body long enough that
// finding one anywhere means the key leaked.
func SecretFragments(privateKeyPEM string) []string {
	var out []string
	for _, line := range strings.Split(privateKeyPEM, "\n") {
		if len(line) >= 40 && !strings.HasPrefix(line, "-----") {
			out = append(out, line[:40])
		}
	}
	return out
}
