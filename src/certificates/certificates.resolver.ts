import { Inject } from '@nestjs/common';
import { Action, Authorize } from '../auth/authorize.js';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Public } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { RequestId } from '../common/request-id.decorator.js';
import { SubjectInput } from '../common/subject.js';
import { PurposeInput } from '../exchange/exchange.graphql.js';
import { Certificate, CertificateRevocation, CertificateType, CertificateVerification, SealKeyGql } from './certificates.graphql.js';
import { CertificateService } from './certificates.service.js';

@Resolver()
export class CertificatesResolver {
  constructor(@Inject(CertificateService) private readonly service: CertificateService) {}

  @Query(() => [CertificateType], { description: 'The certificate types (电子证照) of the catalogue, with issuer, holder kind and fields.' })
  @Authorize(Action.CATALOG_READ)
  async certificateTypes(): Promise<CertificateType[]> {
    return (await this.service.types()).map((type) => ({
      resourceCode: type.resourceCode,
      name: type.name,
      typeCode: type.typeCode,
      holderType: type.holderType,
      issuer: type.issuer,
      issuerName: type.issuerName,
      issuerCreditCode: type.issuerCreditCode,
      status: type.status,
      fields: type.items.map((item) => ({ itemCode: item.itemCode, name: item.name, dataType: item.dataType, metadata: item.role })),
    }));
  }

  @Query(() => [Certificate], {
    description:
      'A holder\'s electronic certificates, fetched live from the issuers and sealed with each issuer\'s key; one entry per type (all types of the holder\'s kind when `types` is omitted). A type is delivered only when every one of its fields is granted; otherwise it is REFUSED with the policy\'s reason. Audited (CERTIFICATE).',
  })
  @Authorize(Action.CERTIFICATE)
  async certificates(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('holder') holder: SubjectInput,
    @Args('purpose') purpose: PurposeInput,
    @Args('types', { type: () => [String], nullable: true, description: 'Resource codes, 证照类型代码 or names (营业执照).' }) types?: string[] | null,
  ): Promise<Certificate[]> {
    return this.service.deliver(principal, requestId, holder, types, purpose);
  }

  @Public()
  @Query(() => CertificateVerification, { description: 'Checks a certificate document: the issuer\'s seal, the 证照标识, and its status now (revocations, expiry). No token needed.' })
  async verifyCertificate(@Args('document') document: string): Promise<CertificateVerification> {
    return this.service.verify(document);
  }

  @Mutation(() => CertificateRevocation, { description: 'Revokes a certificate in the hub: the issuing department (role provider) or an admin. Audited.' })
  @Authorize(Action.CERTIFICATE_REVOKE, { certificate: 'identifier' })
  async revokeCertificate(
    @CurrentPrincipal() principal: Principal,
    @RequestId() requestId: string,
    @Args('identifier') identifier: string,
    @Args('reason') reason: string,
  ): Promise<CertificateRevocation> {
    return this.service.revoke(principal, requestId, identifier, reason);
  }

  @Mutation(() => SealKeyGql, { description: 'Rotates a department\'s seal key; the old key stays published for verification. Admin; audited.' })
  @Authorize(Action.ADMIN)
  async rotateSealKey(@CurrentPrincipal() principal: Principal, @RequestId() requestId: string, @Args('department') department: string): Promise<SealKeyGql> {
    return this.service.rotateSealKey(principal, requestId, department);
  }
}
