/**
 * The benchmark's baseline: a bare Fastify + pg server doing the same INSERT and SELECT as the chat
 * routes, with no framework, auth, validation or crypto. Started by scripts/bench-chat.ts.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

app.post<{ Params: { id: string }; Body: { role: string; content: string } }>(
  '/sessions/:id/messages',
  async (req, reply) => {
    const { rows } = await pool.query(
      'INSERT INTO chat_messages (session_id, role, content) VALUES ($1, $2, $3) RETURNING id, role, content, created_at',
      [req.params.id, req.body.role, req.body.content],
    );
    await pool.query('UPDATE chat_sessions SET updated_at = now() WHERE id = $1', [req.params.id]);
    void reply.status(201);
    return rows[0];
  },
);

app.get<{ Params: { id: string } }>('/sessions/:id', async (req) => {
  const session = await pool.query('SELECT * FROM chat_sessions WHERE id = $1', [req.params.id]);
  const messages = await pool.query(
    'SELECT id, role, content, created_at FROM chat_messages WHERE session_id = $1 ORDER BY created_at, id',
    [req.params.id],
  );
  return { ...session.rows[0], messages: messages.rows };
});

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(
  () => undefined,
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
