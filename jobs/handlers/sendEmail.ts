/** Sends one email (../mailer.ts), outside any transaction: it needs no database. */
import { sendEmail } from '../../server/jobs/definitions/sendEmail';
import { handleJob } from '../handler';
import { sendMail } from '../mailer';

export const sendEmailHandler = handleJob(sendEmail, async (payload, { log }) => {
  await sendMail({ to: payload.to, subject: payload.subject, text: payload.text, html: payload.html }, { log });
});
