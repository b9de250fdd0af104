package msg

// docs is the Korean of the documentation tables' texts, keyed by their
// English (see the package comment). It is filled by the docs_*.go files.
var docs = map[string]string{}

// addDocs adds Korean translations of documentation texts.
func addDocs(m map[string]string) bool {
	for en, ko := range m {
		docs[en] = ko
	}
	return true
}

// Doc is a documentation text in l: en itself in English, its Korean
// when the catalog has it (else en: a test in lang fails on that).
func Doc(l Lang, en string) string {
	if l == Ko {
		if ko, ok := docs[en]; ok {
			return ko
		}
	}
	return en
}

// HasDoc reports whether en has a Korean translation.
func HasDoc(en string) bool { _, ok := docs[en]; return ok }

// DocKeys is every English text the catalog translates.
func DocKeys() []string {
	out := make([]string, 0, len(docs))
	for k := range docs {
		out = append(out, k)
	}
	return out
}

// docOwners are the Doc texts a package other than lang holds (its
// tables register them with Owned), so lang's test does not call them
// unused.
var docOwners = map[string]bool{}

// DocUsedElsewhere reports whether a package other than lang translates
// en through Doc (see Owned).
func DocUsedElsewhere(en string) bool { return docOwners[en] }

// Owned marks documentation texts that a package other than lang
// translates with Doc, and returns them.
func Owned(texts ...string) []string {
	for _, t := range texts {
		docOwners[t] = true
	}
	return texts
}
