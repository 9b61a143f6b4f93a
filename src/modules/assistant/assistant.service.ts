import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../../common/decorators/current-user.decorator';
import { ChatMessageEntity } from '../chat/entities/chat-message.entity';
import { ChatService } from '../chat/chat.service';
import { FindingDto } from '../vlm/dto/vlm.dto';
import { AssistantMessageDto, AssistantStructuredDto } from './dto/assistant.dto';
import { detectLanguage, Language } from '../../common/i18n/language';
import { messages } from '../../common/i18n/messages';
import { MAX_ASSISTANT_IMAGES, MAX_ASSISTANT_WINDOW, MAX_CUSTOMER_MESSAGES } from './assistant.constants';
import { VlmService } from '../vlm/vlm.service';
import { composeDiagnosisReply, DiagnosisService } from '../diagnosis/diagnosis.service';

/**
 * The assistant's turn in a session: reads the customer's photos and latest words, stores an assistant
 * message (`source: "model"`) whose content is the reply and whose encrypted `structured` holds what was
 * read, and returns it.
 */
@Injectable()
export class AssistantService {
  constructor(
    private readonly chat: ChatService,
    private readonly vlm: VlmService,
    private readonly diagnosis: DiagnosisService,
  ) {}

  async answer(caller: AuthenticatedUser, sessionId: string): Promise<AssistantMessageDto> {
    const started = performance.now();
    const messages = await this.chat.sessionForAssistant(caller, sessionId, {
      maxMessages: MAX_ASSISTANT_WINDOW,
      maxImages: MAX_ASSISTANT_IMAGES,
    });
    const customer = customerMessages(messages);
    const text = customer
      .map((m) => (typeof m.content === 'string' ? m.content : ''))
      .filter((t) => t.trim() !== '')
      .join('\n');
    const images = customerImages(messages);
    const result = images.length > 0 ? await this.vlm.analyze(images, text, caller.id) : { lines: [], findings: [] };
    // The customer's language, from their words; too short or mixed to tell: their locale.
    const language = detectLanguage(text, caller.locale);
    const diagnosis = await this.diagnosis.diagnose({ text, findings: result.findings, language });
    const structured: AssistantStructuredDto = {
      findings: result.findings,
      diagnosis,
      model: this.vlm.modelIdentity,
      latency_ms: Math.round(performance.now() - started),
    };
    const reply = composeDiagnosisReply(diagnosis, describeReading(result.findings, images.length, language));
    const message = await this.chat.appendModelMessage(caller, sessionId, reply, { ...structured });
    return { ...message, structured };
  }
}

/** The customer's messages since the assistant (the model) last answered, at most the latest few. */
function customerMessages(messages: ChatMessageEntity[]): ChatMessageEntity[] {
  let from = 0;
  messages.forEach((m, i) => {
    if (m.role === 'assistant' && m.source === 'model') {
      from = i + 1;
    }
  });
  const recent = messages.slice(from).filter((m) => m.role === 'user');
  return (recent.length > 0 ? recent : messages.filter((m) => m.role === 'user')).slice(-MAX_CUSTOMER_MESSAGES);
}

/** Every photo the customer sent in the session, newest last, at most the latest ten. */
function customerImages(messages: ChatMessageEntity[]): Buffer[] {
  const images: Buffer[] = [];
  for (const message of messages) {
    const stored = message.images;
    if (message.role !== 'user' || stored === null) {
      continue;
    }
    const all = Array.isArray(stored) ? stored : Array.from({ length: stored.count }, (_, i) => stored.get(i));
    for (const image of all) {
      if (image !== undefined) {
        images.push(image);
      }
    }
  }
  return images.slice(-MAX_ASSISTANT_IMAGES);
}

function values(findings: FindingDto[], type: FindingDto['type']): string[] {
  return [...new Set(findings.filter((f) => f.type === type).map((f) => f.value))];
}

/** What was read in the photos, in plain words ('' without photos); never invents a code or a number. */
export function describeReading(findings: FindingDto[], imageCount: number, language: Language = 'en'): string {
  if (imageCount === 0) {
    return '';
  }
  const t = messages(language);
  const codes = values(findings, 'error_code').join(', ');
  const brands = values(findings, 'brand').join(' / ');
  const models = values(findings, 'model_number').join(', ');
  const serials = values(findings, 'serial_number').join(', ');
  const parts: string[] = [];
  if (codes !== '') {
    parts.push(brands !== '' ? t('reading.code_brand', { codes, brands }) : t('reading.code', { codes }));
  } else if (brands !== '') {
    parts.push(t('reading.brand_no_code', { brands }));
  } else {
    parts.push(t('reading.no_code'));
  }
  if (models !== '') {
    parts.push(t('reading.model', { models }));
  }
  if (serials !== '') {
    parts.push(t('reading.serial', { serials }));
  }
  return parts.join(' ');
}
