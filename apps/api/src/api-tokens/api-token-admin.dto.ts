import { PageOf } from '../common/paging';
import { ApiProperty } from '@nestjs/swagger';
import { ApiTokenDto } from '../auth/auth.dto';

/** A personal API token as administrators see it: whose, what for, when made, used and due to expire; never the secret. */
export class AdminApiTokenDto extends ApiTokenDto {
  @ApiProperty() userId: number;
  @ApiProperty({ example: 'li.si@xihu.gov.cn' }) ownerEmail: string;
  @ApiProperty({ example: '李四' }) ownerName: string;
  @ApiProperty({ nullable: true, type: Number }) ownerBureauId: number | null;
  @ApiProperty({ description: 'Neither revoked nor expired (有效)' }) active: boolean;
}

export class AdminApiTokenPageDto extends PageOf(AdminApiTokenDto) {}
