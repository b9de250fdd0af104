package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// maxInput is the most tcps reads from one scenario or golden file.
const maxInput = 64 << 20

// readInput reads the file at path, at most maxInput bytes, whatever it
// is: Stat's size is not trusted (it is 0 for pipes and devices). Only
// regular files and pipes are read: a directory, a device (/dev/zero), a
// socket is refused with one line. A pipe or FIFO is opened without
// waiting for a writer (O_NONBLOCK), so a FIFO that nobody writes to reads
// as empty instead of hanging; start the writer first.
func readInput(path, what, dirHint string) ([]byte, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such file", path)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
	case info.IsDir():
		return nil, fmt.Errorf("%s: is a directory, not %s%s", path, what, dirHint)
	case info.Mode()&fs.ModeDevice != 0:
		return nil, fmt.Errorf("%s: is a device, not %s", path, what)
	case info.Mode()&fs.ModeSocket != 0:
		return nil, fmt.Errorf("%s: is a socket, not %s", path, what)
	case !info.Mode().IsRegular() && info.Mode()&fs.ModeNamedPipe == 0:
		return nil, fmt.Errorf("%s: is not a regular file, not %s", path, what)
	case info.Mode().IsRegular() && info.Size() > maxInput:
		return nil, fmt.Errorf("%s: %d bytes is too large for %s (limit 64 MiB)", path, info.Size(), what)
	}
	flag := os.O_RDONLY
	if info.Mode()&fs.ModeNamedPipe != 0 {
		flag |= syscall.O_NONBLOCK
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
	}
	if len(src) > maxInput {
		return nil, fmt.Errorf("%s: more than 64 MiB is too large for %s", path, what)
	}
	return src, nil
}

// readScenario reads a scenario file, refusing what cannot be one with a
// single clear line. Its text (UTF-8, NUL bytes) is lang's to judge, with
// a line and column.
func readScenario(path string) ([]byte, error) {
	src, err := readInput(path, "a scenario", " (tcps test runs a directory)")
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, fmt.Errorf("%s: empty file: a scenario needs at least a host", path)
	}
	return src, nil
}

// unwrapPath drops the path (often a temporary file's) from an os error:
// messages name the user's path themselves.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
