package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// checkedWriter is standard output as the commands see it. The first
// write error (a full disk, /dev/full, a file size limit) unwinds to Main
// as writeAbort, which prints "tcps: writing output: ..." and exits 2:
// a run whose output cannot be written stops at once instead of running
// on, or exiting 0, with its output lost.
type checkedWriter struct {
	w io.Writer
}

// writeAbort is the panic value of a failed write to standard output.
type writeAbort struct{ err error }

// Write writes p or unwinds.
func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		panic(writeAbort{err})
	}
	return n, nil
}

// output is a file being written for -o: written whole or not at all
// when it is (or will be) a regular file, directly when it is a device
// or a pipe.
type output struct {
	user   string   // the path the user gave, for messages
	target string   // the file to replace: path with its symlinks resolved
	f      *os.File // the temporary file, or the device itself
	direct bool     // f is the target itself
}

// resolveTarget follows the symlinks of path, even a dangling one (whose
// target is then created), so that writing a link writes its target and
// leaves the link. viaFD is true when the way passes through /proc or
// /dev/fd (-o /dev/stdout): the file is then some process's open file,
// to be written in place, not replaced.
func resolveTarget(path string) (target string, viaFD bool, err error) {
	p := path
	for range 40 {
		if strings.HasPrefix(p, "/proc/") || strings.HasPrefix(p, "/dev/fd/") || strings.HasPrefix(p, "/dev/std") {
			viaFD = true
		}
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, viaFD, nil
		}
		if err != nil {
			return "", false, err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return p, viaFD, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", false, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", false, errors.New("too many levels of symbolic links")
}

// createOutput starts writing the file at path. A regular file (or a new
// one) is written to a temporary file beside its target and renamed over
// it by commit, so a failure never leaves half a file and a symlink stays
// a symlink. A device, a pipe or a /proc/self/fd file (-o /dev/stdout) is
// written directly: renaming over it would replace it with a regular file.
func createOutput(path string) (*output, error) {
	o := &output{user: path}
	if info, err := os.Stat(path); err == nil {
		switch {
		case info.IsDir():
			return nil, fmt.Errorf("%s: is a directory", path)
		case !info.Mode().IsRegular():
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
			}
			o.f, o.direct = f, true
			return o, nil
		}
	}
	target, viaFD, err := resolveTarget(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if viaFD {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
		}
		o.f, o.direct = f, true
		return o, nil
	}
	o.target = target
	f, err := os.CreateTemp(filepath.Dir(target), ".tcps-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	o.f = f
	return o, nil
}

// Write writes to the file, naming the user's path in an error.
func (o *output) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	if err != nil {
		err = fmt.Errorf("%s: %v", o.user, unwrapPath(err))
	}
	return n, err
}

// commit finishes the file: the temporary file takes the target's mode
// (0644 for a new file) and replaces it.
func (o *output) commit() error {
	if o.direct {
		if err := o.f.Close(); err != nil {
			return fmt.Errorf("%s: %v", o.user, unwrapPath(err))
		}
		return nil
	}
	name := o.f.Name()
	fail := func(err error) error {
		os.Remove(name)
		return fmt.Errorf("%s: %v", o.user, unwrapPath(err))
	}
	if err := o.f.Close(); err != nil {
		return fail(err)
	}
	mode := os.FileMode(0o644)
	if info, err := os.Stat(o.target); err == nil {
		mode = info.Mode().Perm()
	}
	if err := os.Chmod(name, mode); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, o.target); err != nil {
		return fail(err)
	}
	return nil
}

// abort gives up: the temporary file is removed and the target left as
// it was.
func (o *output) abort() {
	o.f.Close()
	if !o.direct {
		os.Remove(o.f.Name())
	}
}

// writeFileAtomic writes data to path whole or not at all (see
// createOutput).
func writeFileAtomic(path string, data []byte) error {
	o, err := createOutput(path)
	if err != nil {
		return err
	}
	if _, err := o.Write(data); err != nil {
		o.abort()
		return err
	}
	return o.commit()
}

// writeOutput is writeFileAtomic; figures and captures are files meant to
// be shared, so a new one is 0644.
func writeOutput(path string, data []byte) error { return writeFileAtomic(path, data) }

// writeAll writes several files all or nothing: every one to a temporary
// file first, then the renames; on a failure before the renames, the
// temporary files are removed and nothing is changed.
func writeAll(paths []string, data [][]byte) error {
	outs := make([]*output, 0, len(paths))
	abortAll := func() {
		for _, o := range outs {
			o.abort()
		}
	}
	for i, p := range paths {
		o, err := createOutput(p)
		if err != nil {
			abortAll()
			return err
		}
		outs = append(outs, o)
		if _, err := o.Write(data[i]); err != nil {
			abortAll()
			return err
		}
	}
	for i, o := range outs {
		if err := o.commit(); err != nil {
			for _, rest := range outs[i+1:] {
				rest.abort()
			}
			return err
		}
	}
	return nil
}
