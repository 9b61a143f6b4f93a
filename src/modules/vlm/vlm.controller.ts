import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CONCURRENCY_CLASS } from '../../common/http/user-concurrency';
import { Auth } from '../../common/decorators/auth.decorator';
import { AuthenticatedUser, CurrentUser } from '../../common/decorators/current-user.decorator';
import { ResponseMessage } from '../../common/decorators/response.decorators';
import { UPLOAD_ROUTE } from '../../common/http/upload-limit';
import { ApiEnvelopedResponse } from '../../common/openapi/api-enveloped-response.decorator';
import { ImageProcessor } from '../chat/image-processor';
import { AnalyzeImagesDto, AnalyzeResultDto, VlmStatusDto } from './dto/vlm.dto';
import { VlmService } from './vlm.service';
import { ApiErrors } from '../../common/openapi/operation-docs.decorators';
import { INFERENCE_ERRORS } from './inference-errors';
import { ApiRequestExample } from '../../common/openapi/operation-docs.decorators';
import { EXAMPLE_JPEG_BASE64 } from '../../common/openapi/examples';

@ApiTags('vlm')
@Controller('vlm')
export class VlmController {
  constructor(
    private readonly vlm: VlmService,
    private readonly images: ImageProcessor,
  ) {}

  @Post('analyze')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @RouteConfig({ [UPLOAD_ROUTE]: true, [CONCURRENCY_CLASS]: 'inference' })
  @ApiOperation({
    summary: 'Read appliance photos: text lines, error codes, brand, model and serial numbers (nothing stored)',
  })
  @ApiEnvelopedResponse(AnalyzeResultDto)
  @ResponseMessage('Images read')
  @ApiErrors('INVALID_IMAGE', 'IMAGE_TOO_COMPLEX', 'TOO_MANY_IMAGES', 'IMAGE_TOO_LARGE', ...INFERENCE_ERRORS)
  @ApiRequestExample({ images: [EXAMPLE_JPEG_BASE64], text: 'Bosch washer display' })
  async analyzeImages(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: AnalyzeImagesDto,
  ): Promise<AnalyzeResultDto> {
    const images = await this.images.checkAll(dto.images);
    return this.vlm.analyze(images, dto.text, caller.id);
  }

  @Get('status')
  @Auth('admin')
  @ApiOperation({ summary: 'Model, load time, queue, counters and latency percentiles (admin)' })
  @ApiEnvelopedResponse(VlmStatusDto)
  getVlmStatus(): Promise<VlmStatusDto> {
    return this.vlm.status();
  }
}
