import { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole schema of the first release. Written by hand to run on PostgreSQL 15 and PGlite (18). */
export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE communities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        code varchar(20) NOT NULL UNIQUE,
        categories text[],
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE houses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities(id),
        building varchar(50) NOT NULL,
        unit varchar(50) NOT NULL DEFAULT '',
        room varchar(50) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (community_id, building, unit, room)
      );
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role varchar(20) NOT NULL CHECK (role IN ('owner','agent','handler','supervisor','admin')),
        username varchar(50) UNIQUE,
        password_hash text,
        name varchar(50) NOT NULL,
        phone varchar(20),
        openid varchar(128) UNIQUE,
        community_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE house_bindings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        house_id uuid NOT NULL REFERENCES houses(id),
        relation varchar(20) NOT NULL,
        name varchar(50) NOT NULL,
        phone varchar(20) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        decided_by_id uuid REFERENCES users(id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX house_bindings_active_uq ON house_bindings (owner_id, house_id) WHERE status <> 'rejected';
      CREATE INDEX house_bindings_house_idx ON house_bindings (house_id) WHERE status = 'approved';
      CREATE INDEX house_bindings_pending_idx ON house_bindings (created_at) WHERE status = 'pending';

      CREATE TABLE sla_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities(id),
        type varchar(20) NOT NULL,
        urgency varchar(20) NOT NULL,
        respond_minutes int NOT NULL CHECK (respond_minutes > 0),
        resolve_minutes int NOT NULL CHECK (resolve_minutes > 0),
        verify_hours int NOT NULL DEFAULT 72,
        follow_up_policy varchar(30) NOT NULL,
        follow_up_due_hours int NOT NULL DEFAULT 48,
        warn_before_minutes int NOT NULL DEFAULT 10,
        UNIQUE (community_id, type, urgency)
      );

      CREATE TABLE case_number_counters (
        community_id uuid NOT NULL REFERENCES communities(id),
        day date NOT NULL,
        last_value int NOT NULL,
        PRIMARY KEY (community_id, day)
      );

      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(40) NOT NULL UNIQUE,
        community_id uuid NOT NULL REFERENCES communities(id),
        house_id uuid REFERENCES houses(id),
        location varchar(200),
        type varchar(20) NOT NULL,
        category varchar(30) NOT NULL,
        channel varchar(20) NOT NULL,
        urgency varchar(10) NOT NULL,
        status varchar(20) NOT NULL,
        description varchar(2000) NOT NULL,
        photo_ids uuid[] NOT NULL DEFAULT '{}',
        contact_name varchar(50),
        contact_phone varchar(20),
        preferred_time varchar(100),
        created_by_id uuid NOT NULL REFERENCES users(id),
        owner_id uuid REFERENCES users(id),
        assignee_id uuid REFERENCES users(id),
        cycle int NOT NULL DEFAULT 1,
        reopen_count int NOT NULL DEFAULT 0,
        urge_count int NOT NULL DEFAULT 0,
        last_urged_at timestamptz,
        respond_deadline_at timestamptz NOT NULL,
        resolve_deadline_at timestamptz NOT NULL,
        verify_hours int NOT NULL,
        follow_up_policy varchar(30) NOT NULL,
        follow_up_due_hours int NOT NULL,
        warn_before_minutes int NOT NULL,
        first_responded_at timestamptz,
        first_resolved_at timestamptz,
        resolved_at timestamptz,
        confirmed_at timestamptz,
        closed_at timestamptz,
        cancelled_at timestamptz,
        hold_started_at timestamptz,
        hold_minutes int NOT NULL DEFAULT 0,
        response_minutes int,
        resolution_minutes int,
        respond_breached boolean NOT NULL DEFAULT false,
        resolve_breached boolean NOT NULL DEFAULT false,
        respond_escalated_at timestamptz,
        resolve_escalated_at timestamptz,
        warned_at timestamptz,
        unrated boolean NOT NULL DEFAULT false,
        follow_up_required boolean,
        follow_up_due_at timestamptz,
        follow_up_attempts int NOT NULL DEFAULT 0,
        close_reason varchar(30),
        duplicate_of_id uuid REFERENCES cases(id),
        idempotency_key varchar(100),
        idempotency_hash varchar(64),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX cases_idempotency_uq ON cases (created_by_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
      -- Staff queue: newest first within a community, optionally by status.
      CREATE INDEX cases_community_created_idx ON cases (community_id, created_at DESC, id DESC);
      CREATE INDEX cases_community_status_created_idx ON cases (community_id, status, created_at DESC, id DESC);
      CREATE INDEX cases_assignee_created_idx ON cases (assignee_id, created_at DESC, id DESC) WHERE assignee_id IS NOT NULL;
      CREATE INDEX cases_owner_created_idx ON cases (owner_id, created_at DESC) WHERE owner_id IS NOT NULL;
      CREATE INDEX cases_house_created_idx ON cases (house_id, created_at DESC) WHERE house_id IS NOT NULL;
      -- The sweep's work lists stay small: only cases that still wait for something.
      CREATE INDEX cases_open_respond_idx ON cases (respond_deadline_at) WHERE status = 'submitted';
      CREATE INDEX cases_open_resolve_idx ON cases (resolve_deadline_at) WHERE status IN ('accepted','assigned','in_progress');
      CREATE INDEX cases_resolved_idx ON cases (resolved_at) WHERE status = 'resolved';
      CREATE INDEX cases_confirmed_idx ON cases (confirmed_at) WHERE status = 'confirmed';

      CREATE TABLE case_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        case_id uuid NOT NULL REFERENCES cases(id),
        cycle int NOT NULL,
        action varchar(30) NOT NULL,
        from_status varchar(20),
        to_status varchar(20) NOT NULL,
        actor_id uuid REFERENCES users(id),
        actor_role varchar(20) NOT NULL,
        note varchar(1000),
        photo_ids uuid[] NOT NULL DEFAULT '{}',
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX case_events_case_idx ON case_events (case_id, seq);

      CREATE TABLE verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        cycle int NOT NULL,
        fixed varchar(10) NOT NULL,
        reason varchar(500),
        photo_ids uuid[] NOT NULL DEFAULT '{}',
        actor_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, cycle)
      );
      CREATE TABLE ratings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        cycle int NOT NULL,
        overall smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
        speed smallint CHECK (speed BETWEEN 1 AND 5),
        attitude smallint CHECK (attitude BETWEEN 1 AND 5),
        quality smallint CHECK (quality BETWEEN 1 AND 5),
        tags text[] NOT NULL DEFAULT '{}',
        comment varchar(500),
        assignee_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, cycle)
      );
      CREATE INDEX ratings_created_idx ON ratings (created_at);
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        cycle int NOT NULL,
        method varchar(20) NOT NULL,
        result varchar(30) NOT NULL,
        note varchar(1000),
        actor_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX follow_ups_case_idx ON follow_ups (case_id, created_at);

      CREATE TABLE uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256 char(64) NOT NULL,
        mime varchar(30) NOT NULL,
        size int NOT NULL,
        uploader_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX uploads_uploader_idx ON uploads (uploader_id);

      CREATE TABLE notification_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        step varchar(20) NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notification_consents_case_idx ON notification_consents (case_id, step) WHERE used_at IS NULL;
      CREATE TABLE notification_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        owner_id uuid NOT NULL REFERENCES users(id),
        step varchar(20) NOT NULL,
        payload jsonb NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notification_outbox_pending_idx ON notification_outbox (next_attempt_at) WHERE status = 'pending';
      CREATE TABLE wechat_access_tokens (
        appid varchar(64) PRIMARY KEY,
        token text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE login_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username varchar(50) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX login_failures_username_idx ON login_failures (username, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE login_failures, wechat_access_tokens, notification_outbox, notification_consents, uploads,
        follow_ups, ratings, verifications, case_events, cases, case_number_counters, sla_policies,
        house_bindings, users, houses, communities;
    `);
  }
}
