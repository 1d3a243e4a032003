-- Processes learn of new analyses and of queued analysis jobs through LISTEN/NOTIFY, at once, instead of
-- re-reading on a timer: every new version of a conversation's analysis, and every job queued, from any
-- process, is announced on commit (payload "conversation id:version" or "conversation id:ms until due").
CREATE OR REPLACE FUNCTION broadchurch_announce_analysis() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version > 0 AND (TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version) THEN
    PERFORM pg_notify('broadchurch_analyses', NEW.conversation_id::text || ':' || NEW.version::text);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER analyses_announce AFTER INSERT OR UPDATE OF version ON analyses
  FOR EACH ROW EXECUTE FUNCTION broadchurch_announce_analysis();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION broadchurch_announce_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(
    'broadchurch_analysis_jobs',
    NEW.conversation_id::text || ':' ||
      greatest(0, round(extract(epoch from (NEW.due_at - now())) * 1000))::bigint::text
  );
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER analysis_jobs_announce AFTER INSERT ON analysis_jobs
  FOR EACH ROW EXECUTE FUNCTION broadchurch_announce_job();
