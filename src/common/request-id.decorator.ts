import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';

/** The request's id (from `x-request-id` or generated), for audit records and logs. */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request =
    context.getType<GqlContextType>() === 'graphql' ? GqlExecutionContext.create(context).getContext().req : context.switchToHttp().getRequest();
  return request.id as string;
});
