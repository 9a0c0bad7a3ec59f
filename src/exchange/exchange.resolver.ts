import { Inject } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Public } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { RequestId } from '../common/request-id.decorator.js';
import { SubjectInput } from '../common/subject.js';
import { ClaimInput, LookupResult, PurposeInput, ReceiptVerification, VerificationResult } from './exchange.graphql.js';
import { ExchangeService } from './exchange.service.js';
import type { LookupOutcome } from './exchange.types.js';
import { ReceiptSigner } from './receipt-signer.js';

function toResult(outcome: LookupOutcome): LookupResult {
  return { ...outcome, subject: { type: outcome.subject.type, maskedId: outcome.maskedId } };
}

@Resolver()
export class ExchangeResolver {
  constructor(
    @Inject(ExchangeService) private readonly exchange: ExchangeService,
    @Inject(ReceiptSigner) private readonly receipts: ReceiptSigner,
  ) {}

  @Query(() => LookupResult, { description: 'Facts about one person or legal entity, fetched live from the providing departments; only granted items are released.' })
  @Authorize(Action.READ)
  async lookup(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('subject') subject: SubjectInput,
    @Args('itemCodes', { type: () => [String] }) itemCodes: string[],
    @Args('purpose') purpose: PurposeInput,
  ): Promise<LookupResult> {
    return toResult(await this.exchange.lookup(principal, requestId, subject, itemCodes, purpose));
  }

  @Query(() => [LookupResult], { description: 'The same lookup for up to 100 subjects; sources with a batch endpoint are called once per resource.' })
  @Authorize(Action.BATCH)
  async lookupBatch(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('subjects', { type: () => [SubjectInput] }) subjects: SubjectInput[],
    @Args('itemCodes', { type: () => [String] }) itemCodes: string[],
    @Args('purpose') purpose: PurposeInput,
  ): Promise<LookupResult[]> {
    return (await this.exchange.lookupBatch(principal, requestId, subjects, itemCodes, purpose)).map(toResult);
  }

  @Query(() => VerificationResult, { description: 'Does the source agree with the claimed values? Answers match / no match; releases no value.' })
  @Authorize(Action.VERIFY)
  async verify(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('subject') subject: SubjectInput,
    @Args('claims', { type: () => [ClaimInput] }) claims: ClaimInput[],
    @Args('purpose') purpose: PurposeInput,
  ): Promise<VerificationResult> {
    const outcome = await this.exchange.verify(principal, requestId, subject, claims, purpose);
    return { ...outcome, subject: { type: outcome.subject.type, maskedId: outcome.maskedId } };
  }

  @Public()
  @Query(() => ReceiptVerification, { description: 'Checks a disclosure receipt: signed by this hub and unaltered. No token needed.' })
  verifyReceipt(@Args('receipt') receipt: string): ReceiptVerification {
    const check = this.receipts.verify(receipt);
    if (!check.valid) return { valid: false, reason: check.reason, requestId: null, consumerDept: null, subjectHash: null, items: null, issuedAt: null, keyId: null };
    return { valid: true, reason: null, ...check.claims, keyId: check.keyId };
  }
}

