-- +goose Up
-- Project artefacts (issue 5): documents a gate or rule may require, either
-- linked (url) or uploaded (file_name, media_type, size, sha256, content).
-- Uploaded bytes live in the row, bounded to 20 MiB by pmo.MaxArtefactSize.
CREATE TABLE artefacts (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB,
    gate TEXT NOT NULL,
    added_by TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX artefacts_project_idx ON artefacts (project_id, kind);
