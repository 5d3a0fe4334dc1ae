package site

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestEveryExpressionCompiles compiles every expression the scrubbers
// hold (compiled on first use, lazyRE), so that one that does not
// compile fails here and not on the first page that meets it; and
// checks, from the package's source, that the list below names every
// one.
func TestEveryExpressionCompiles(t *testing.T) {
	t.Parallel()
	all := map[string]*lazyRegexp{
		"htmlish":              htmlish,
		"spacedEnding":         spacedEnding,
		"spokenDot":            spokenDot,
		"spelledProvider":      spelledProvider,
		"bracketDot":           bracketDot,
		"percentRun":           percentRun,
		"percentU":             percentU,
		"quotedSign":           quotedSign,
		"qpRun":                qpRun,
		"plusSign":             plusSign,
		"backslash":            backslash,
		"escapedBlank":         escapedBlank,
		"octalEscape":          octalEscape,
		"providerBeside":       providerBeside,
		"otherDot":             otherDot,
		"otherDotComma":        otherDotComma,
		"otherDotSign":         otherDotSign,
		"idSeamBefore":         idSeamBefore,
		"idSeamAfter":          idSeamAfter,
		"idAtSplit":            idAtSplit,
		"signAlone":            signAlone,
		"mergePR":              mergePR,
		"squashPR":             squashPR,
		"providerThenHandle":   providerThenHandle,
		"handleThenProvider":   handleThenProvider,
		"handleSpaceMail":      handleSpaceMail,
		"handleBesideDomain":   handleBesideDomain,
		"handleJoinedToDomain": handleJoinedToDomain,
		"prolonged":            prolonged,
		"addressToken":         addressToken,
		"mention":              mention,
		"atSplit":              atSplit,
		"spelledAddress":       spelledAddress,
		"spelledTail":          spelledTail,
		"signTail":             signTail,
		"signAddress":          signAddress,
		"wordsAddress":         wordsAddress,
		"pageAt":               pageAt,
		"hiddenWhole":          hiddenWhole,
		"domainAfter":          domainAfter,
		"signBefore":           signBefore,
		"mentionBefore":        mentionBefore,
		"innerDot":             innerDot,
		"innerSign":            innerSign,
		"numericSign":          numericSign,
		"hyphenAt":             hyphenAt,
		"gluedSign":            gluedSign,
		"bracketedDomain":      bracketedDomain,
		"domainThenLocal":      domainThenLocal,
		"bracketedAtCode":      bracketedAtCode,
		"lowerLabel":           lowerLabel,
		"titleLabel":           titleLabel,
		"camelTitle":           camelTitle,
		"camelTitleAt":         camelTitleAt,
		"mailboxShaped":        mailboxShaped,
		"decimalRun":           decimalRun,
		"hexRun":               hexRun,
		"reversedEnding":       reversedEnding,
		"reversedID":           reversedID,
		"ordinalA":             ordinalA,
		"enclosedA":            enclosedA,
		"atWords":              atWords,
		"bracketA":             bracketA,
		"atT":                  atT,
		"atProvider":           atProvider,
		"mailOnlyWord":         mailOnlyWord,
		"bracketAt":            bracketAt,
		"spacedTLD":            spacedTLD,
		"dotRun":               dotRun,
		"trailingAt":           trailingAt,
		"dotWords":             dotWords,
		"foreignWords":         foreignWords,
		"camelWords":           camelWords,
		"camelAt":              camelAt,
		"splitProvider":        splitProvider,
		"atProvider2":          atProvider2,
		"joinedAtMail":         joinedAtMail,
		"companyMail":          companyMail,
		"camelAtMail":          camelAtMail,
		"handleReference":      handleReference,
		"providerAsWord":       providerAsWord,
		"handleOnPlatform":     handleOnPlatform,
		"providerEmployer":     providerEmployer,
		"aroundAt":             aroundAt,
		"spacedDot":            spacedDot,
		"writtenDot":           writtenDot,
		"tldAfterSpace":        tldAfterSpace,
		"spacedRun":            spacedRun,
		"marks":                marks,
		"skelAddr":             skelAddr,
		"commonEnding":         commonEnding,
		"dottedEnding":         dottedEnding,
		"periodChain":          periodChain,
		"periodWords":          periodWords,
		"titleDotTLD":          titleDotTLD,
		"atBefore":             atBefore,
		"joinedDot":            joinedDot,
		"letterAtLetter":       letterAtLetter,
		"spacedWords":          spacedWords,
		"spokenTLD":            spokenTLD,
		"handleBeforeAt":       handleBeforeAt,
		"trailingMailWord":     trailingMailWord,
		"blankEscape":          blankEscape,
		"endingApart":          endingApart,
		"endingApartAnyCase":   endingApartAnyCase,
		"joinedAt":             joinedAt,
		"runTogetherAddress":   runTogetherAddress,
		"mailWordPair":         mailWordPair,
		"signNamed":            signNamed,
		"joinedLabel":          joinedLabel,
		"angledPair":           angledPair,
		"alphaAtSign":          alphaAtSign,
	}
	for i, re := range scriptWords {
		all["scriptWords"+string(rune('0'+i))] = re
	}
	for name, re := range all {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s does not compile: %v", name, r)
				}
			}()
			re.get()
		}()
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, v := range vs.Values {
					if c, ok := v.(*ast.CallExpr); ok {
						if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "lazyRE" {
							if _, listed := all[vs.Names[i].Name]; !listed {
								t.Errorf("%s: %s is not in TestEveryExpressionCompiles's list", name, vs.Names[i].Name)
							}
						}
					}
				}
			}
		}
	}
}
