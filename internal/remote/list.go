package remote

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// MaxPage is the largest page the server returns.
const MaxPage = 500

// page is one answer of a list endpoint.
type page struct {
	Items      []json.RawMessage `json:"items"`
	Total      int               `json:"total"`
	NextCursor string            `json:"next_cursor"`
}

// Paging says how much of a list to read.
type Paging struct {
	Max      int // items to read; 0 reads them all
	PageSize int // items per request, 1..MaxPage; 0 means MaxPage
}

// List reads the list at path (e.g. "projects") with the filters q,
// following next_cursor until it has p.Max items, and calls each with
// every item in order. It returns the total the server counts for the
// filter, which may exceed what was read.
func (c *Client) List(ctx context.Context, path string, q url.Values, pg Paging, each func(json.RawMessage) error) (total int, err error) {
	q = cloneValues(q)
	read, max := 0, pg.Max
	for {
		size := MaxPage
		if pg.PageSize > 0 && pg.PageSize < MaxPage {
			size = pg.PageSize
		}
		if max > 0 && max-read < size {
			size = max - read
		}
		q.Set("limit", strconv.Itoa(size))
		var p page
		if err := c.JSON(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &p); err != nil {
			return total, err
		}
		total = p.Total
		for _, it := range p.Items {
			if err := each(it); err != nil {
				return total, err
			}
		}
		read += len(p.Items)
		if p.NextCursor == "" || (max > 0 && read >= max) {
			return total, nil
		}
		if len(p.Items) == 0 {
			return total, fmt.Errorf("GET %s: the server returned an empty page with a cursor", path)
		}
		q.Set("cursor", p.NextCursor)
	}
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
