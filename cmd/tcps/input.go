package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/tcps-dev/tcps/lang/msg"
)

// maxInput is the most tcps reads from one scenario or golden file.
const maxInput = 64 << 20

// readInput reads the file at path, at most maxInput bytes, whatever it
// is: Stat's size is not trusted (it is 0 for pipes and devices). Only
// regular files and pipes are read: a directory, a device (/dev/zero), a
// socket is refused with one line. A pipe or FIFO is opened without
// waiting for a writer (O_NONBLOCK), so a FIFO that nobody writes to reads
// as empty instead of hanging; start the writer first.
//
// what ("a scenario") and dirHint are messages of the catalog; dirHint may
// be nil. The errors are in the language of --lang (inputError).
func readInput(path string, what msg.Text, dirHint msg.Text) ([]byte, error) {
	hint := msg.Text(noText{})
	if dirHint != nil {
		hint = dirHint
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, inputErr(msg.InputNoSuchFile, path)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", path, unwrapPath(err))
	case info.IsDir():
		return nil, inputErr(msg.InputIsDir, path, what, hint)
	case info.Mode()&fs.ModeDevice != 0:
		return nil, inputErr(msg.InputIsDevice, path, what)
	case info.Mode()&fs.ModeSocket != 0:
		return nil, inputErr(msg.InputIsSocket, path, what)
	case !info.Mode().IsRegular() && info.Mode()&fs.ModeNamedPipe == 0:
		return nil, inputErr(msg.InputNotRegular, path, what)
	case info.Mode().IsRegular() && info.Size() > maxInput:
		return nil, inputErr(msg.InputTooLarge, path, info.Size(), what)
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
		return nil, inputErr(msg.InputPipeLarge, path, what)
	}
	return src, nil
}

// readScenario reads a scenario file, refusing what cannot be one with a
// single clear line. Its text (UTF-8, NUL bytes) is lang's to judge, with
// a line and column.
func readScenario(path string) ([]byte, error) {
	src, err := readInput(path, msg.InputScenario.Of(), msg.InputDirHint.Of())
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, inputErr(msg.InputEmpty, path)
	}
	return src, nil
}

// inputError is a file that cannot be read as a scenario or golden
// file: its Error is in the language of the invocation (tcps --lang, when
// it was made), Text in any (a golden file records it in English).
type inputError struct {
	d    *msg.Deferred
	lang msg.Lang
}

func (e *inputError) Error() string          { return e.d.Text(e.lang) }
func (e *inputError) Text(l msg.Lang) string { return e.d.Text(l) }

// inputErr is the message m about a file, as an inputError.
func inputErr(m msg.Msg, args ...any) error {
	return &inputError{d: m.Of(args...), lang: outLang}
}

// noText is an empty message argument.
type noText struct{}

func (noText) Text(msg.Lang) string { return "" }

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
