package classifier

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// The trained part of the classifier: a linear model (multinomial logistic
// regression) over hashed word unigrams, word bigrams and character
// 4-grams, trained inside the repository from labelled mail by
// `go generate ./classifier/...` (internal/train) and embedded here. It
// never decides alone: it sends to a person mail that the rules would leave
// alone but that it reads as a request, and it picks the main kind among
// the rules' candidates when the rules are unsure of it. Nothing is
// fetched at run time.

//go:generate go run ./internal/train -out model.bin.gz

//go:embed model.bin.gz
var modelData []byte

const (
	modelBits    = 14
	modelBuckets = 1 << modelBits
	// modelRequestFloor is the model's probability of a request from
	// which mail the rules leave alone goes to a person.
	modelRequestFloor = 0.8
)

// TrainingSets are the labelled folders the model learns from, relative to
// the classifier folder. The shared corpus beside the repository is not
// among them: it stays held out, and training needs nothing outside the
// repository.
var TrainingSets = []string{"testdata/mail", "testdata/heldout", "testdata/dev11", "../testdata/heldout2",
	"testdata/blind-2026-12-02/writerA", "testdata/blind-2026-12-02/writerB", "testdata/blind-2026-12-02/writerC"}

// TrainingEpochs is how many passes go generate makes over the data.
const TrainingEpochs = 12

// modelClasses are the model's outputs: the request kinds, then "not a
// request".
var modelClasses = append(append([]Kind{}, requestKinds...), KindOther)

// linearModel is one weight per bucket and class, plus a bias per class.
type linearModel struct {
	w    []float32 // bucket*len(modelClasses) + class
	bias []float32
}

var model = func() *linearModel {
	if len(modelData) == 0 {
		// Only while bootstrapping, before go generate has written the
		// model: the rules work alone.
		return nil
	}
	m, err := decodeModel(modelData)
	if err != nil {
		// The embedded model is built by go generate and tested; a
		// broken one is a build mistake.
		panic("classifier: embedded model: " + err.Error())
	}
	return m
}()

// modelFeatures hashes the words of subject and body into buckets: each
// word, each pair of neighbouring words, and the character 4-grams (in
// steps of two) of each word padded with spaces.
func modelFeatures(subj, body []string) []uint32 {
	out := make([]uint32, 0, 4*(len(subj)+len(body)))
	var starts [80]int
	for _, toks := range [][]string{subj, body} {
		prev := ""
		for i, t := range toks {
			if i >= 600 {
				break
			}
			if t == boundary || isNumber(t) {
				prev = ""
				continue
			}
			out = append(out, fnvStr(fnvStr(fnvBasis, "w"), t)&(modelBuckets-1))
			if prev != "" {
				out = append(out, fnvStr(fnvStr(fnvStr(fnvBasis, "b"), prev)^0xff, t)&(modelBuckets-1))
			}
			prev = t
			// Rune starts of " "+t+" ", without building the string.
			n := 0
			starts[n] = -1 // the leading space
			n++
			for j := range t {
				if n == len(starts)-1 {
					break
				}
				starts[n] = j
				n++
			}
			starts[n] = len(t) // the trailing space
			n++
			for j := 0; j+4 <= n; j += 2 {
				h := fnvStr(fnvBasis, "c")
				for k := j; k < j+4; k++ {
					switch {
					case starts[k] < 0 || starts[k] == len(t):
						h = fnvByte(h, ' ')
					case k+1 < n && starts[k+1] >= 0:
						h = fnvStr(h, t[starts[k]:min(starts[k+1], len(t))])
					}
				}
				out = append(out, h&(modelBuckets-1))
			}
		}
	}
	return out
}

// FNV-1a, 32 bits, written out so that hashing allocates nothing.
const (
	fnvBasis = 2166136261
	fnvPrime = 16777619
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func fnvStr(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return h
}

// predict returns the probability of each class for the features.
func (m *linearModel) predict(feats []uint32) []float64 {
	n := len(modelClasses)
	z := make([]float64, n)
	for c := range z {
		z[c] = float64(m.bias[c])
	}
	for _, f := range feats {
		row := m.w[int(f)*n : int(f)*n+n]
		for c := range z {
			z[c] += float64(row[c])
		}
	}
	return softmax(z)
}

func softmax(z []float64) []float64 {
	mx := z[0]
	for _, v := range z {
		mx = max(mx, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - mx)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
	return z
}

// modelVerdict is what the model reads in one message.
type modelVerdict struct {
	request float64 // probability of any request kind
	probs   []float64
}

func (m *linearModel) verdict(subj, body []string) modelVerdict {
	p := m.predict(modelFeatures(subj, body))
	return modelVerdict{request: 1 - p[len(p)-1], probs: p}
}

// prob is the model's probability of kind k.
func (v modelVerdict) prob(k Kind) float64 {
	for i, c := range modelClasses {
		if c == k {
			return v.probs[i]
		}
	}
	return 0
}

// TrainDoc is one labelled message for TrainModel.
type TrainDoc struct {
	Subject, Body string
	Label         Kind // a request kind, or anything else for "not a request"
}

// TrainModel fits the linear model to docs and returns it encoded for
// embedding. It is deterministic: the same docs in the same order give the
// same bytes.
func TrainModel(docs []TrainDoc, epochs int) []byte {
	n := len(modelClasses)
	m := &linearModel{w: make([]float32, modelBuckets*n), bias: make([]float32, n)}
	type ex struct {
		feats []uint32
		y     int
	}
	exs := make([]ex, len(docs))
	for i, d := range docs {
		y := n - 1
		for c, k := range modelClasses[:n-1] {
			if d.Label == k {
				y = c
			}
		}
		// The words as Classify reads them: spelling mended.
		st, bt := newText(d.Subject, 64), newText(d.Body, maxTokens)
		fixSpelling(&st)
		fixSpelling(&bt)
		exs[i] = ex{modelFeatures(st.toks, bt.toks), y}
	}
	const (
		rate = 0.05
		l2   = 1e-5
	)
	// A seeded PCG shuffle per epoch keeps training reproducible: PCG's
	// output is fixed by its specification, not by the Go release.
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	for e := 0; e < epochs; e++ {
		rand.New(rand.NewPCG(11, uint64(e))).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			x := exs[i]
			p := m.predict(x.feats)
			scale := rate / math.Sqrt(float64(len(x.feats)+1))
			for c := 0; c < n; c++ {
				g := p[c]
				if c == x.y {
					g--
				}
				m.bias[c] -= float32(rate * g)
				for _, f := range x.feats {
					j := int(f)*n + c
					m.w[j] -= float32(scale*g + l2*float64(m.w[j]))
				}
			}
		}
	}
	return encodeModel(m)
}

func encodeModel(m *linearModel) []byte {
	var raw bytes.Buffer
	binary.Write(&raw, binary.LittleEndian, uint32(modelBuckets))
	binary.Write(&raw, binary.LittleEndian, uint32(len(modelClasses)))
	binary.Write(&raw, binary.LittleEndian, m.bias)
	binary.Write(&raw, binary.LittleEndian, m.w)
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	zw.Write(raw.Bytes())
	zw.Close()
	return out.Bytes()
}

func decodeModel(b []byte) (*linearModel, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	r := bytes.NewReader(raw)
	var buckets, classes uint32
	if err := binary.Read(r, binary.LittleEndian, &buckets); err != nil {
		return nil, err
	}
	if err := binary.Read(r, binary.LittleEndian, &classes); err != nil {
		return nil, err
	}
	if buckets != modelBuckets || int(classes) != len(modelClasses) {
		return nil, fmt.Errorf("model has %d buckets and %d classes, want %d and %d: run go generate ./classifier/...", buckets, classes, modelBuckets, len(modelClasses))
	}
	m := &linearModel{w: make([]float32, int(buckets)*int(classes)), bias: make([]float32, classes)}
	if err := binary.Read(r, binary.LittleEndian, m.bias); err != nil {
		return nil, err
	}
	if err := binary.Read(r, binary.LittleEndian, m.w); err != nil {
		return nil, err
	}
	if r.Len() != 0 {
		return nil, errors.New("trailing bytes")
	}
	return m, nil
}

// ModelRequestProbability is the probability that a message is a request,
// according to an encoded model (as TrainModel returns it), for measuring
// a model before it is embedded.
func ModelRequestProbability(encoded []byte, subject, body string) (float64, error) {
	m, err := decodeModel(encoded)
	if err != nil {
		return 0, err
	}
	st, bt := newText(subject, 64), newText(body, maxTokens)
	fixSpelling(&st)
	fixSpelling(&bt)
	return m.verdict(st.toks, bt.toks).request, nil
}
